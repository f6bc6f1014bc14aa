import Foundation

extension Study {
    /// `"calibration": {"method", "margins": [{"file"} | {"cells": [{variable: value, …,
    /// "population": n}]}], "bounds": [low, high], "trim": [low, high], "tolerance",
    /// "maxIterations"}`. Margins name group keys; a margin file's variables are its header.
    /// `readsFiles: false` leaves margin files unread (their cells empty): a stored run's
    /// report needs the study's settings, not margins that may have moved since.
    static func readCalibration(_ reader: JSONReader, groups: [GroupVariable], resolve: (String) -> URL, readsFiles: Bool = true) throws -> CalibrationSettings {
        let object = try reader.object(allowing: ["method", "margins", "bounds", "trim", "tolerance", "maxIterations"])
        let methodReader = try object.required("method")
        let name = try methodReader.string()
        guard let method = CalibrationMethod(rawValue: name) else {
            throw methodReader.error("unknown calibration method \"\(name)\" (use \(CalibrationMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let keys = groups.map(\.key)
        let margins = try object.required("margins").array().map { marginReader -> PopulationMargin in
            let margin = try readMargin(marginReader, resolve: resolve, readsFiles: readsFiles)
            for variable in margin.variables where !keys.contains(variable) {
                throw marginReader.error("margin \(margin.source) names \"\(variable)\", which is not a group of the study (groups: \(keys.joined(separator: ", ")))")
            }
            return margin
        }
        var settings = CalibrationSettings(method: method, margins: margins)
        func range(_ key: String) throws -> ClosedRange<Double>? {
            guard let value = object.optional(key) else { return nil }
            let bounds = try value.array().map { try $0.number() }
            guard bounds.count == 2, bounds[0] < bounds[1] else { throw value.error("expected [low, high] with low < high: bounds on calibrated / design weight") }
            return bounds[0]...bounds[1]
        }
        settings.bounds = try range("bounds")
        settings.trim = try range("trim")
        if let value = object.optional("tolerance") { settings.tolerance = try value.number() }
        if let value = object.optional("maxIterations") { settings.maxIterations = try value.integer() }
        do { try settings.check() } catch let error as CalibrationError { throw reader.error(error.message) }
        return settings
    }

    private static func readMargin(_ reader: JSONReader, resolve: (String) -> URL, readsFiles: Bool) throws -> PopulationMargin {
        let object = try reader.object(allowing: ["file", "cells"])
        if let file = object.optional("file") {
            guard !object.has("cells") else { throw reader.error("give a margin's cells or its file, not both") }
            if !readsFiles { return PopulationMargin(variables: [], cells: [], populations: [], source: resolve(try file.string()).path) }
            do { return try PopulationMargin.read(resolve(try file.string())) } catch let error as CalibrationError {
                throw file.error(error.message)
            } catch let error as IngestError {
                throw file.error("\(error)")
            }
        }
        let cellReaders = try object.required("cells").array()
        var variables: [String] = []
        var cells: [[String]] = []
        var populations: [Double] = []
        for cellReader in cellReaders {
            guard case .object(let members) = cellReader.value else { throw cellReader.error("expected an object of values and a population") }
            let names = members.keys.filter { $0 != "population" }.sorted()
            if variables.isEmpty { variables = names }
            guard Set(names) == Set(variables), !names.isEmpty else {
                throw cellReader.error("every cell names the same variables (\(variables.joined(separator: ", "))) and a population")
            }
            let cell = try cellReader.object(allowing: Set(variables + ["population"]))
            cells.append(try variables.map { try cell.required($0).string() })
            let population = try cell.required("population")
            let count = try population.number()
            guard count >= 0 else { throw population.error("expected a count ≥ 0") }
            populations.append(count)
            if cells.dropLast().contains(cells.last!) { throw cellReader.error("cell \(cells.last!.joined(separator: " × ")) is listed twice") }
        }
        guard !cells.isEmpty else { throw reader.error("a margin needs at least one cell") }
        return PopulationMargin(variables: variables, cells: cells, populations: populations, source: reader.path)
    }
}
