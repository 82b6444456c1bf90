"""The wire protocols, from botocore's models alone: find the operation (``router``), read the request
(``parser``), check it against the input shape (``validator``), write the answer or the error
(``serializer``); ``http`` holds the request and response both sides share, ``models`` loads the models."""
