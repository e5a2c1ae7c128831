import Foundation

/// The real data sets shipped as CSV in `Sources/Engine/Datasets` (see the README there).
public enum BundledDataset: String, Sendable, CaseIterable {
    /// Fisher's iris: 150 × 4, classes setosa, versicolor, virginica.
    case iris
    /// The UCI 8x8 digits: 1797 × 64 pixel counts 0...16, classes 0...9.
    case digits

    var labelColumn: String {
        switch self {
        case .iris: "species"
        case .digits: "digit"
        }
    }
}

extension DatasetGenerators {
    /// A shipped data set, read from the engine's resources.
    public static func bundled(_ dataset: BundledDataset) throws(DataError) -> Dataset {
        let fileName = "\(dataset.rawValue).csv"
        guard
            let url = Bundle.module.url(
                forResource: dataset.rawValue, withExtension: "csv", subdirectory: "Datasets")
        else { throw .missingBundledFile(name: fileName) }
        // Iris's species appear in their usual order; the digits sort numerically.
        var loaded = try CSVDatasetLoader.load(
            contentsOf: url, options: CSVLoadOptions(labelColumn: dataset.labelColumn, labelKind: .classes))
        loaded.name = dataset.rawValue
        loaded.source = "\(dataset.rawValue) (shipped \(fileName))"
        return loaded
    }
}
