import ArgumentParser
import SynapticRL
import SynapticRLExperiments

// The library's enums as typed options, once for synrl and synrl-mpi alike.
extension PolicyExport: ExpressibleByArgument {}
extension ClassificationExperiment.Method: ExpressibleByArgument {}
extension ClassificationExperiment.Initialization: ExpressibleByArgument {}
extension FirstLayerPath: ExpressibleByArgument {}
extension ClassificationExperiment.Preset: ExpressibleByArgument {}
