extension TernaryAccumulate {
    /// The plain Swift twin of `run`: one dot product per (output, sample), in Int32.
    public static func twin(
        changes: UnsafePointer<Int8>, outputs: Int, pixels: UnsafePointer<UInt8>, samples: Int, width: Int,
        counts: UnsafeMutablePointer<Int32>
    ) {
        for output in 0..<outputs {
            for sample in 0..<samples {
                var sum: Int32 = 0
                for i in 0..<width { sum += Int32(changes[output * width + i]) * Int32(pixels[sample * width + i]) }
                counts[output * samples + sample] += sum
            }
        }
    }
}
