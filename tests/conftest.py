from tests.oxigraph_server import *  # noqa
from tests.web_helpers import web_seed_store  # noqa: F401,E402
