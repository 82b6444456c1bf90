"""AWS Clean Rooms (boto3 ``cleanrooms``): collaborations, members, memberships and configured audience model
associations, shared across the member accounts of a region.

Layout: ``state`` (what a region holds, shared by every account, and the public read API Clean Rooms ML
uses), ``store`` (one account's view of it), the operation groups ``collaborations``, ``memberships`` and
``audience_models``, the rules of ``payment`` and ``quotas``, ``ml_models`` (the one place that reads Clean
Rooms ML) and ``shortcut`` (``aws.collaborations`` for test setup). See docs/cleanrooms.md.
"""
