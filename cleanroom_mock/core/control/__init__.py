"""Test control on the handle, what makes the mock better for testing than AWS itself: how lifecycles move
(``aws.lifecycle``), injected faults (``aws.faults``), the call journal (``aws.calls``) and adjustable
quotas (``aws.quotas``). Each lives in its own module; the handle makes one of each."""
