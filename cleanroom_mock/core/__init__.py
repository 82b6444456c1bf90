"""The generic engine: everything here is driven by botocore's service models, nothing is per operation.

A request travels in a straight line: ``intercept`` (or the HTTP server) hands an :class:`HttpRequest` to
``dispatch``, which runs ``router`` → ``parser`` → ``validator`` → the backend method → ``serializer``.
"""
