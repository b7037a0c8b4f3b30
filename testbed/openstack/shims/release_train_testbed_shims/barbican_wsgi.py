"""Test-bed shim: Barbican's WSGI application with the harness's config file.

The packaged /usr/bin/barbican-wsgi-api parses only /etc/barbican/barbican.conf (at import of
barbican.common.config). This wrapper parses the file named by RELEASE_TRAIN_BARBICAN_CONFIG into the same
CONF object before the application is built; everything else is the packaged application.
"""
import os

from barbican.common import config

config.CONF(args=[], project='barbican', default_config_files=[os.environ['RELEASE_TRAIN_BARBICAN_CONFIG']])

from barbican.api import app  # noqa: E402  (after the config is parsed)

application = app.get_api_wsgi_script()
