/// The engine's version, as `synrl --version` prints it and every run folder records it. A checkpoint resumes
/// only under the version that wrote it, so a change to what a checkpoint holds or means raises it.
public let engineVersion = "0.3.0"
