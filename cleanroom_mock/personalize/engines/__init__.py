"""What Personalize computes, apart from the operations that call it: training a model from interactions
(``training``), scoring and serving recommendations (``scoring``, ``serving``, ``results``, ``actions``,
``data``), and batch job output (``batch``). Nothing here knows about stores, requests or ARNs' owners."""
