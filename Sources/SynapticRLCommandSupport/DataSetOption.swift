import ArgumentParser

/// --data: the image set an OCR command reads (synrl train, eval, reproduce and synrl-mpi train).
public struct DataSetOption: ParsableArguments {
    @Option(help: "Data set: a folder of IDX files (plain or .gz), a folder of class folders of PNGs (notMNIST), a .tar/.tar.gz of those, or an .npz. Default: Debian's Fashion-MNIST.")
    public var data: String?

    public init() {}
}
