import MIData
import MINumerics
import Testing

@Suite("CSV and TSV reading")
struct DelimitedTextReaderTests {
  func read(_ text: String, _ reader: DelimitedTextReader = .csv) throws(DataError) -> DataTable {
    try reader.read(Array(text.utf8), source: "t.csv")
  }

  @Test func readsHeaderAndNumbers() throws {
    let table = try read("a,b,c\n1,2.5,-3e2\n4, 5 ,6\r\n")
    #expect(table.columnNames == ["a", "b", "c"])
    #expect(table.values == Matrix([[1, 2.5, -300], [4, 5, 6]]))
    #expect(table.firstDataLine == 2)
    #expect(table.describeRow(1) == "row 1 (line 3 of t.csv)")
  }

  @Test func readsQuotedFieldsTabsAndBOM() throws {
    let quoted = try read("\u{FEFF}\"first, name\",\"say \"\"hi\"\"\"\n\"1\",2\n")
    #expect(quoted.columnNames == ["first, name", "say \"hi\""])
    #expect(quoted.values == Matrix([[1, 2]]))
    let tsv = try read("x\ty\n1\t2\n", .tsv)
    #expect(tsv.values == Matrix([[1, 2]]))
    #expect(DelimitedTextReader.detecting(in: Array("x\ty\n".utf8)).delimiter == UInt8(ascii: "\t"))
  }

  @Test func parsesNumbersExactly() throws {
    let texts = ["0.1", "1e-300", "123456789012345678901234", "-0.000000123", "2.2250738585072014e-308", "9007199254740993", ".5", "5."]
    let table = try read("v\n" + texts.joined(separator: "\n"))
    for (i, text) in texts.enumerated() {
      #expect(table.values[i, 0] == Double(text.hasPrefix(".") ? "0" + text : text.hasSuffix(".") ? text + "0" : text)!, "\(text)")
    }
  }

  @Test func nanAndInfinityAreReportedWithRowAndColumn() throws {
    let table = try read("a,b\n1,2\n3,nan\n")
    #expect(throws: DataError.self) { try table.checkFinite(columns: [0, 1]) }
    do {
      try table.checkFinite(columns: [0, 1])
    } catch {
      #expect(error.description == "row 1 (line 3 of t.csv), column 'b': value is nan; estimators need finite numbers")
    }
    let infinite = try read("a\n1\n-inf\n")
    #expect(throws: DataError.nonFiniteValue(row: "row 1 (line 3 of t.csv)", column: "a", value: -.infinity)) {
      try infinite.checkFinite(columns: [0])
    }
  }

  @Test func reportsMalformedInput() {
    #expect(throws: DataError.malformedLine(source: "t.csv", line: 3, reason: "3 fields, but the header has 2")) {
      try read("a,b\n1,2\n1,2,3\n")
    }
    #expect(throws: DataError.missingValue(source: "t.csv", line: 2, column: "b", text: "")) { try read("a,b\n1,\n") }
    #expect(throws: DataError.missingValue(source: "t.csv", line: 3, column: "a", text: "NA")) { try read("a,b\n1,2\nNA,3\n") }
    #expect(throws: DataError.notANumber(source: "t.csv", line: 2, column: "b", text: "abc")) { try read("a,b\n1,abc\n") }
    #expect(throws: DataError.emptyInput(source: "t.csv")) { try read("") }
    #expect(throws: DataError.emptyInput(source: "t.csv")) { try read("a,b\n") }
    #expect(throws: DataError.emptyInput(source: "t.csv")) { try read("\n\n") }
    #expect(throws: DataError.malformedLine(source: "t.csv", line: 2, reason: "unclosed quote in field 0")) { try read("a\n\"1\n") }
    #expect(throws: DataError.malformedLine(source: "t.csv", line: 1, reason: "column name 'a' appears twice in the header (fields 0 and 1)")) {
      try read("a,a\n1,2\n")
    }
    #expect(throws: DataError.malformedLine(source: "t.csv", line: 3, reason: "blank line inside the data (blank lines are allowed only at the end)")) {
      try read("a\n1\n\n2\n")
    }
  }

  @Test func loaderDetectsFormatsAndMissingFiles() throws {
    #expect(throws: DataError.unreadableFile(path: "/no/such/file.csv", reason: "no such file")) {
      try DataLoader.load(path: "/no/such/file.csv")
    }
    let detected = try DataLoader.parse(Array("a\tb\n1\t2\n".utf8), source: "s", format: nil)
    #expect(detected.values == Matrix([[1, 2]]))
    #expect(DataFormat(pathExtension: "x.NPY") == .npy)
    #expect(DataFormat(pathExtension: "x.tsv") == .tsv)
    #expect(DataFormat(pathExtension: "x.dat") == nil)
  }
}

@Suite("Column selection")
struct ColumnSelectionTests {
  let selection = ColumnSelection(columnNames: ["a", "b", "c", "3", "e"])

  @Test func namesIndicesAndRanges() throws {
    #expect(try selection.indices(for: "a,c", role: "--x") == [0, 2])
    #expect(try selection.indices(for: " 1 , 4 ", role: "--x") == [1, 4])
    #expect(try selection.indices(for: "1:3", role: "--x") == [1, 2])
    #expect(try selection.indices(for: "2:", role: "--x") == [2, 3, 4])
    #expect(try selection.indices(for: ":2,e", role: "--x") == [0, 1, 4])
    // A column named "3" is found by name before index 3.
    #expect(try selection.indices(for: "3", role: "--x") == [3])
  }

  @Test func reportsBadSpecifications() {
    #expect(throws: DataError.unknownColumn(name: "zz", available: ["a", "b", "c", "3", "e"])) {
      try selection.indices(for: "a,zz", role: "--x")
    }
    #expect(throws: DataError.columnIndexOutOfRange(index: 7, count: 5)) { try selection.indices(for: "7", role: "--x") }
    #expect(throws: DataError.invalidColumnSpecification(text: "3:1", reason: "the range is empty (END is excluded and must exceed START)")) {
      try selection.indices(for: "3:1", role: "--x")
    }
    #expect(throws: DataError.emptySelection(role: "--y")) { try selection.indices(for: "", role: "--y") }
    #expect(throws: DataError.duplicateColumn(column: "a", firstRole: "--x", secondRole: "--x")) {
      try selection.indices(for: "a,0", role: "--x")
    }
    #expect(throws: DataError.duplicateColumn(column: "b", firstRole: "--x", secondRole: "--y")) {
      try selection.checkDisjoint([("--x", [0, 1]), ("--y", [1])])
    }
    let message = DataError.duplicateColumn(column: "b", firstRole: "--x", secondRole: "--y").description
    #expect(message.contains("entropy") && message.contains("disjoint"))
  }
}

@Suite struct FirstContactReaderTests {
  func read(_ text: String, header: Bool = true) throws(DataError) -> DataTable {
    try DataLoader.parse(Array(text.utf8), source: "t.csv", format: .csv, hasHeader: header)
  }

  @Test func numericHeaderWarnsAndNoHeaderReadsIt() throws {
    let warned = try read("0.5,1.5\n2,3\n4,5\n")
    #expect(warned.columnNames == ["0.5", "1.5"] && warned.rowCount == 2)
    #expect(warned.warnings.count == 1 && warned.warnings[0].contains("pass --no-header"))
    let plain = try read("0.5,1.5\n2,3\n4,5\n", header: false)
    #expect(plain.columnNames == ["0", "1"] && plain.rowCount == 3 && plain.warnings.isEmpty)
    #expect(plain.values == Matrix([[0.5, 1.5], [2, 3], [4, 5]]))
    #expect(plain.describeRow(0) == "row 0 (line 1 of t.csv)")
    #expect(try read("a,b\n1,2\n").warnings.isEmpty)
  }

  @Test func onlyDecimalNumbersParse() {
    for text in ["0x1p3", "0X10", "nan(123)", "1e", "e5", ".", "1.2.3", "infinit"] {
      #expect(throws: DataError.self, "\(text)") { try read("a,b\n\(text),1\n") }
    }
    for (text, value) in [("1e5", 1e5), (".5", 0.5), ("5.", 5.0), ("-1.25E-3", -1.25e-3), ("123456789012345678901234", 1.2345678901234568e23)] {
      #expect((try? read("a,b\n\(text),1\n"))?.values[0, 0] == value, "\(text)")
    }
  }

  @Test func binaryInputIsRejected() {
    #expect(throws: DataError.binaryContent(source: "t.csv", offset: 2, byte: 0)) { try read("a,\u{0}b\n1,2\n") }
    #expect(throws: DataError.self) {
      try DataLoader.parse([0x61, 0x2C, 0x62, 0x0A, 0xFF, 0xFE, 0x2C, 0x31, 0x0A], source: "t.csv", format: .csv)
    }
  }

  @Test func quotedColumnNamesMayHoldCommas() throws {
    let selection = ColumnSelection(columnNames: ["a,b", "c", "d\"e"])
    #expect(try selection.indices(for: "a,b", role: "--x") == [0])
    #expect(try selection.indices(for: "\"a,b\",c", role: "--x") == [0, 1])
    #expect(try selection.indices(for: "c, \"a,b\"", role: "--x") == [1, 0])
    #expect(try selection.indices(for: "\"d\"\"e\"", role: "--x") == [2])
    #expect(throws: DataError.self) { try selection.indices(for: "\"a,b", role: "--x") }
    #expect(throws: DataError.unknownColumn(name: "1", available: ["a,b", "c", "d\"e"])) {
      try selection.indices(for: "\"1\"", role: "--x")
    }
  }

  @Test func messagesShowShortEscapedExcerpts() {
    let error = DataError.notANumber(source: "t.csv", line: 2, column: "a", text: String(repeating: "\u{1}x", count: 50))
    #expect(error.description.contains("'\\u{1}x\\u{1}x"))
    #expect(error.description.contains("…"))
    #expect(error.description.count < 120)
  }
}
