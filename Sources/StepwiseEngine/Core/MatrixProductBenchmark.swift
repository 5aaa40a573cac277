/// The matrix products of one training step of the CIFAR-shaped CNN
/// (`lessons/examples/cifar-cnn.yaml`), for `stepwise bench --products` to time one by one: how
/// close the kernel comes to the CPU's speed on the shapes that matter, apart from everything
/// else a step does.
public enum MatrixProductBenchmark {
    /// One product C[m, n] = op(A) · op(B) of the step, named for learners.
    public struct Product: Sendable {
        public let name: String
        public let m: Int, k: Int, n: Int
        public let transposeA: Bool, transposeB: Bool
        /// Multiply-adds in the product: m · k · n.
        public var multiplyAdds: Int { m * k * n }
    }

    /// The step's products at `batch` images: each convolution's forward (patches · kernel),
    /// kernel gradient (patchesᵀ · g) and patch gradient (g · kernelᵀ), and the first dense
    /// layer's forward, weight gradient and input gradient.
    public static func cifarCNNProducts(batch: Int) -> [Product] {
        // (name, output positions per image, patch depth, filters) of conv1, conv2, conv3.
        let convolutions = [("convolution 1", 30 * 30, 3 * 3 * 3, 32),
                            ("convolution 2", 13 * 13, 3 * 3 * 32, 64),
                            ("convolution 3", 4 * 4, 3 * 3 * 64, 64)]
        var products: [Product] = []
        for (name, positions, depth, filters) in convolutions {
            let rows = batch * positions
            products.append(Product(name: "\(name), forward", m: rows, k: depth, n: filters, transposeA: false, transposeB: false))
            products.append(Product(name: "\(name), kernel gradient", m: depth, k: rows, n: filters, transposeA: true, transposeB: false))
            products.append(Product(name: "\(name), patch gradient", m: rows, k: filters, n: depth, transposeA: false, transposeB: true))
        }
        products.append(Product(name: "dense 1, forward", m: batch, k: 1024, n: 64, transposeA: false, transposeB: false))
        products.append(Product(name: "dense 1, weight gradient", m: 1024, k: batch, n: 64, transposeA: true, transposeB: false))
        products.append(Product(name: "dense 1, input gradient", m: batch, k: 64, n: 1024, transposeA: false, transposeB: true))
        return products
    }

    /// One computation of `product` on seeded numbers in [−1, 1] (made once, here), for the
    /// caller to time.
    public static func multiplication(_ product: Product) -> () -> Void {
        var random = SeededRandom(seed: 1, label: "matrix benchmark")
        let a = (0..<(product.m * product.k)).map { _ in random.uniform(-1, 1) }
        let b = (0..<(product.k * product.n)).map { _ in random.uniform(-1, 1) }
        return {
            _ = Matrix.multiply(a, b, m: product.m, k: product.k, n: product.n,
                                transposeA: product.transposeA, transposeB: product.transposeB)
        }
    }
}
