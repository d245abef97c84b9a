from tests.oxigraph_server import *  # noqa
from tests.web_helpers import web_seed_store  # noqa: F401,E402
from tests.virtuoso_server import virtuoso, virtuoso_session  # noqa: F401,E402
