"""``ontology/newskg.ttl`` in OWL 2 DL tools (issue 17.11): the OWL API's OWL 2 DL profile
check and the HermiT reasoner (both in owlready2's HermiT.jar, run with the machine's java),
and owlready2's own ``sync_reasoner_hermit``, as a Python user would call it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from kg.validate import ontology_dir

owlready2 = pytest.importorskip("owlready2")

ONTOLOGY = ontology_dir() / "newskg.ttl"
CHECK = Path(__file__).parent / "owl" / "CheckOwl.java"
HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
KG = "https://w3id.org/newskg/ontology#"


@pytest.fixture(scope="module")
def java() -> str:
    found = shutil.which("java")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is missing: the OWL tests need it (apt-get install default-jre-headless)")
        pytest.skip("java is missing")
    return found


def test_ontology_is_owl2_dl_and_hermit_classifies_it(java: str) -> None:
    """No OWL 2 DL profile violation (undeclared terms, reserved vocabulary), no datatype
    outside the OWL 2 datatype map (HermiT refuses xsd:date), consistent, nothing unsatisfiable."""
    run = subprocess.run([java, "-cp", str(HERMIT_JAR), str(CHECK), str(ONTOLOGY)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.startswith("ok: "), run.stdout


def test_owlready2_hermit_loads_and_reasons(java: str, tmp_path: Path) -> None:
    owlready2.JAVA_EXE = java
    source = tmp_path / "newskg.nt"  # owlready2 reads RDF/XML, OWL/XML and N-Triples
    Graph().parse(ONTOLOGY, format="turtle").serialize(source, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(source.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    company = world[KG + "Company"]
    assert world[KG + "Organization"] in company.ancestors()
    assert not list(world.inconsistent_classes())
