// Loads an ontology with the OWL API, checks the OWL 2 DL profile and runs HermiT on it:
// consistency and classification, then the unsatisfiable classes. Both jars come with
// owlready2 (owlready2/hermit/HermiT.jar holds HermiT and the OWL API 3).
//
//   java -cp .../owlready2/hermit/HermiT.jar tests/owl/CheckOwl.java ontology/newskg.ttl
//
// Prints one line per problem and "ok: N axioms, M classes" when there is none; exit 1 on a problem.
import java.io.File;
import java.util.Set;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.InferenceType;

public class CheckOwl {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        int problems = 0;
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("not OWL 2 DL: " + v.toString().replace('\n', ' '));
            problems++;
        }
        Reasoner reasoner = new Reasoner(ontology);  // throws on datatypes outside the OWL 2 map
        if (!reasoner.isConsistent()) {
            System.out.println("inconsistent");
            problems++;
        } else {
            reasoner.precomputeInferences(InferenceType.CLASS_HIERARCHY);
            Set<OWLClass> unsatisfiable = reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom();
            for (OWLClass c : unsatisfiable) {
                System.out.println("unsatisfiable: " + c.getIRI());
                problems++;
            }
        }
        if (problems > 0) System.exit(1);
        System.out.println("ok: " + ontology.getAxiomCount() + " axioms, "
                           + ontology.getClassesInSignature().size() + " classes");
    }
}
