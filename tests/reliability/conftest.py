"""The reliability tier: the test site tried as an attacker and as a busy CoC would, through the processes
a user reaches. It shares the integration tier's site and its fixtures, imported here to be in scope."""

from tests.integration.conftest import rollback, site
