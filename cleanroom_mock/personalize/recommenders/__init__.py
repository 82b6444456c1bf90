"""Recommenders of Domain dataset groups: the operations (``operations``), the resource and its view
(``resources``) and the ``recommenderConfig`` rules (``config``)."""
