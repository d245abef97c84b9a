from tests.oxigraph_server import *  # noqa
