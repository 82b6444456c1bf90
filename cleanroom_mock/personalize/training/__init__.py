"""Personalize's training side: solutions, solution versions (training), campaigns, and the built-in recipe
catalog's operations.

One operation group per resource type (``solutions``, ``versions``, ``campaigns``, ``recipes``), each over
``PersonalizeStore``; ``resources`` holds the resources and their views, ``config`` the configuration rules
the model cannot express. The training itself is ``engines.training``.
"""
