import Foundation

/// The Moore–Penrose inverse of a small symmetric matrix (row-major, n × n) from its
/// eigen-decomposition by cyclic Jacobi rotations, dropping eigenvalues below `tolerance`
/// times the largest, as R's `MASS::ginv(tol = 256·ε)` drops singular values. Calibration
/// matrices have one row per model column (tens), and lose rank when bounds switch cells off.
func pseudoInverse(_ matrix: [Double], size n: Int, tolerance: Double = 256 * Double.ulpOfOne) -> [Double] {
    var a = matrix
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<n { for j in (i + 1)..<n { off += a[i * n + j] * a[i * n + j] } }
        if off < 1e-30 * max(1, (0..<n).reduce(0) { $0 + a[$1 * n + $1] * a[$1 * n + $1] }) { break }
        for p in 0..<n {
            for q in (p + 1)..<n {
                let apq = a[p * n + q]
                if apq == 0 { continue }
                let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                for k in 0..<n {
                    let akp = a[k * n + p], akq = a[k * n + q]
                    a[k * n + p] = c * akp - s * akq
                    a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p * n + k], aqk = a[q * n + k]
                    a[p * n + k] = c * apk - s * aqk
                    a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let vkp = v[k * n + p], vkq = v[k * n + q]
                    v[k * n + p] = c * vkp - s * vkq
                    v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    let eigenvalues = (0..<n).map { a[$0 * n + $0] }
    let largest = eigenvalues.map(abs).max() ?? 0
    var inverse = [Double](repeating: 0, count: n * n)
    for k in 0..<n where abs(eigenvalues[k]) > tolerance * largest && largest > 0 {
        let scale = 1 / eigenvalues[k]
        for i in 0..<n {
            let vik = v[i * n + k] * scale
            for j in 0..<n { inverse[i * n + j] += vik * v[j * n + k] }
        }
    }
    return inverse
}

/// `matrix` (n × n, row-major) times `vector`.
func multiply(_ matrix: [Double], _ vector: [Double]) -> [Double] {
    let n = vector.count
    return (0..<n).map { i in (0..<n).reduce(0) { $0 + matrix[i * n + $1] * vector[$1] } }
}
