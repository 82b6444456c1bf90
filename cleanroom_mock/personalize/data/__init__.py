"""Personalize's data side: dataset groups, schemas, datasets, the jobs that move data in and out, and what
a group uses its data for (event trackers, filters, metric attributions).

One operation group per resource type (``groups``, ``schemas``, ``datasets``, ``imports``, ``exports``,
``deletions``, ``trackers``, ``filters``, ``metrics``), each over ``PersonalizeStore``; ``resources`` holds
the resources and their views, ``csv_files`` reads and writes the CSV the jobs exchange with S3.
"""
