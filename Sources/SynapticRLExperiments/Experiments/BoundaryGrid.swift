@_spi(Benchmarks) import SynapticRL

/// What the boundary figures need from a run: the target's and the learner's outputs over a regular grid of
/// the plane (their zero contours are the decision boundaries), and the training points with their classes.
package enum BoundaryGrid {
    /// CSV x,y,target,learned on a resolution × resolution grid over [−range, range]².
    public static func csv(task: BoundaryTask, learner: Network, resolution: Int = 201) throws -> String {
        let range = task.shape.coordinateRange
        let count = resolution * resolution
        var coordinates = [Float](repeating: 0, count: 2 * count)
        for row in 0..<resolution {
            for column in 0..<resolution {
                let index = row * resolution + column
                coordinates[index] = -range + 2 * range * Float(column) / Float(resolution - 1)
                coordinates[count + index] = -range + 2 * range * Float(row) / Float(resolution - 1)
            }
        }
        let grid = try Batch(features: 2, count: count, values: coordinates)
        let pass = ForwardPass(network: task.target, batchSize: count)
        pass.compute(task.target, on: grid)
        let target = pass.output
        pass.compute(learner, on: grid)
        let learned = pass.output
        var lines = ["x,y,target,learned"]
        lines.reserveCapacity(count + 1)
        for index in 0..<count {
            lines.append("\(coordinates[index]),\(coordinates[count + index]),\(target[index]),\(learned[index])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV x,y,target of the task's training points.
    public static func pointsCSV(task: BoundaryTask) -> String {
        let count = task.shape.pointCount
        return (["x,y,target"] + (0..<count).map { "\(task.points[0, $0]),\(task.points[1, $0]),\(task.targetOutputs[$0])" })
            .joined(separator: "\n") + "\n"
    }
}
