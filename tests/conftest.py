"""Suite-wide settings: a bug in a backend must fail the test that hit it, not come back as a 500."""

import os

import cleanroom_mock

cleanroom_mock.handle().raise_internal_errors = True
# Tests never need a real region or credentials; give code that builds clients without arguments a default.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
