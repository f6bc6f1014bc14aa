// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "integra",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "IntegrationIndex", targets: ["IntegrationIndex"]),
        .library(name: "IntegrationStore", targets: ["IntegrationStore"]),
        .executable(name: "integra", targets: ["integra"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // SHA-256 with the processor's SHA instructions: the data file's digest must not cost
        // as much as reading it.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // SPSS and Stata files are read by the system's ReadStat (Debian libreadstat-dev).
        .systemLibrary(name: "CReadStat", providers: [.apt(["libreadstat-dev"])]),
        // glibc's malloc_trim (malloc.h is not in Swift's Glibc module).
        .systemLibrary(name: "CGlibcMalloc"),
        // zlib, for the raw deflate streams of the .xlsx packages integra writes (ZipPackage).
        .systemLibrary(name: "CDeflate", providers: [.apt(["zlib1g-dev"])]),
        // Ingest's fast scan of a plain record, with vector compares (see its header).
        .target(name: "CPlainScan"),
        // Sums over the rows and over profiles in 256-bit vectors where the processor has them (see its headers).
        .target(name: "CVectorSums"),
        // Linux calls for the largest outputs: the store's early writeback, direct writes (see its header).
        .target(name: "CFileOutput"),
        // SQLite's memory for the store's largest rows: one record buffer reused (see its header).
        .target(name: "CStoreMemory", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "IntegrationIndex",
            dependencies: [
                "CReadStat", "CPlainScan", "CVectorSums", "CDeflate", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "IntegrationStore",
            dependencies: [
                "IntegrationIndex", "CFileOutput", "CStoreMemory",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .executableTarget(
            name: "integra",
            dependencies: [
                "IntegrationIndex", "CGlibcMalloc", "CFileOutput",
                "IntegrationStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "IntegrationIndexTests",
            dependencies: [
                "IntegrationIndex", "CPlainScan", "CVectorSums", .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(name: "IntegrationStoreTests", dependencies: ["IntegrationStore", "CStoreMemory"]),
        .testTarget(
            name: "integraTests",
            dependencies: [
                "integra", "IntegrationIndex", "IntegrationStore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: []),
    ],
    swiftLanguageModes: [.v6]
)
