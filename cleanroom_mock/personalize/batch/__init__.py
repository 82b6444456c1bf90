"""Batch inference and batch segment jobs: one operation group each (``inference``, ``segments``), the
checks and the run they share (``jobs``), the resources and their views (``resources``).

A job reads its JSON-lines input from S3 and writes ``<input file>.out`` through the shared data layer
(``handle.data``) when its lifecycle reaches ACTIVE; ``engines.batch`` computes the lines with the
runtime's own scoring, so a batch answer equals GetRecommendations for the same input.
"""
