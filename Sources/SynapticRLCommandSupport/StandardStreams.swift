import Foundation

/// Standard input, output and error as a command-line tool must treat them: closed, full or a broken pipe never
/// crash a command or damage its files (`2>&-`, `2>/dev/full`, `| head`).
public enum StandardStreams {
    /// Call first in `main`. A closed descriptor 0, 1 or 2 is reopened on /dev/null: otherwise the next file the
    /// process opens takes that number and log lines land inside it. SIGPIPE is ignored, so a reader that went
    /// away turns writes into EPIPE errors instead of killing a run mid-way.
    public static func prepare() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDWR)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)  // past `ulimit -f`, a write fails with EFBIG and is reported, not a death
        atexit { StandardStreams.checkOutput() }
    }

    /// `text` on standard error; a closed or full standard error loses the text, never the run.
    public static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// At exit, however the command ends (argument-parser exits by itself after `--help`): what it printed must
    /// have reached standard output. A failure (a full disk, a closed pipe) is reported on standard error and
    /// the exit status becomes 1, so a script that reads the output never takes a lost line for success.
    private static func checkOutput() {
        if fflush(stdout) != 0 || ferror(stdout) != 0 {
            writeError("Error: cannot write standard output: \(String(cString: strerror(errno)))\n")
            _exit(1)
        }
    }
}
