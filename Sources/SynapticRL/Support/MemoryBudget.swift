import Foundation

/// What a run's settings will allocate, checked against what the process may have before the first buffer is
/// made: flags that pass every range check (a 10^8-point boundary with 1000 hidden units, a million hidden units
/// under full-batch descent) would otherwise end in "failed to allocate" and an abort instead of one line.
/// Estimates count the large buffers only; they err low, so a refusal is never a false alarm.
package enum MemoryBudget {
    /// The bytes the process may use: 80% of physical memory, or of the address-space or data limit (`ulimit -v`,
    /// `ulimit -d`) where one is lower.
    package static var available: Int {
        var limit = Double(ProcessInfo.processInfo.physicalMemory)
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var value = rlimit()
            if getrlimit(__rlimit_resource_t(resource.rawValue), &value) == 0, value.rlim_cur != rlim_t.max {  // RLIM_INFINITY
                limit = min(limit, Double(value.rlim_cur))
            }
        }
        return Int(0.8 * limit)
    }

    /// Refuses `bytes` (nil: more than an Int holds) beyond `available`, naming `what` and the way out.
    package static func require(_ bytes: Int?, for what: String, advice: String) throws {
        let budget = available
        guard let bytes, bytes <= budget else {
            let needed = bytes.map { String(format: "about %.1f GiB", Double($0) / Double(1 << 30)) } ?? "more than 2^63 bytes"
            throw SynapticRLError.invalidParameter(String(format: "%@ needs %@ of memory, more than the %.1f GiB this process may use: %@",
                                                          what, needed, Double(budget) / Double(1 << 30), advice))
        }
    }

    /// The sum of the products, nil if any overflows.
    package static func bytes(_ products: [[Int]]) -> Int? {
        var total = 0
        for factors in products {
            var product = 1
            for factor in factors {
                let (next, overflow) = product.multipliedReportingOverflow(by: factor)
                guard !overflow else { return nil }
                product = next
            }
            let (sum, overflow) = total.addingReportingOverflow(product)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}
