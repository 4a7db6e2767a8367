//! The one reader of sitrep's data tables (the format is described once, in `data/README.md`): tab-separated
//! values; the first line that is neither blank nor a `#` comment names the columns; every later such line is
//! a row with exactly one cell per column. Cells are trimmed. An empty cell, or `-`, is an absent optional
//! value ([`Row::opt`]); a required cell ([`Row::get`]) must not be empty.

use std::fmt;
use std::str::FromStr;

/// A table: its column names, and its rows split from the text as they are read (each with its 1-based line
/// number), so that reading a large table holds one row at a time.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    file: &'a str,
    text: &'a str,
    columns: Vec<&'a str>,
    /// The header's 1-based line: the rows are the lines after it.
    header_line: usize,
}

impl<'a> Table<'a> {
    /// Reads the header of `text`; `file` names the table in errors (`actors.tsv`, `units.tsv`).
    pub fn parse(file: &'a str, text: &'a str) -> Result<Table<'a>, Error> {
        let Some((header_line, header)) = content_lines(text, 0).next() else {
            return Err(Error { file: file.to_string(), line: 0, column: None, kind: ErrorKind::NoHeader });
        };
        let columns: Vec<&str> = header.split('\t').map(str::trim_ascii).collect();
        for (i, c) in columns.iter().enumerate() {
            let error = |kind| Error { file: file.to_string(), line: header_line, column: Some(c.to_string()), kind };
            if c.is_empty() {
                return Err(error(ErrorKind::UnnamedColumn));
            }
            if columns[..i].contains(c) {
                return Err(error(ErrorKind::DuplicateColumn));
            }
        }
        Ok(Table { file, text, columns, header_line })
    }

    /// The name the table was parsed under.
    pub fn file(&self) -> &'a str {
        self.file
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[&'a str] {
        &self.columns
    }

    /// The column named `name`, found once for the rows of a large table (each [`Row`] accessor also takes the
    /// name itself).
    pub fn column(&self, name: &str) -> Result<Column, Error> {
        name.index(&self.columns).map(Column).ok_or_else(|| Error {
            file: self.file.to_string(),
            line: self.header_line,
            column: Some(name.to_string()),
            kind: ErrorKind::NoColumn,
        })
    }

    /// The rows, in file order; a row with another number of cells than the header is an error.
    pub fn rows(&self) -> impl Iterator<Item = Result<Row<'_, 'a>, Error>> {
        content_lines(self.text, self.header_line).map(move |(line, text)| {
            let cells: Vec<&str> = text.split('\t').map(str::trim_ascii).collect();
            if cells.len() != self.columns.len() {
                let kind = ErrorKind::CellCount { found: cells.len(), expected: self.columns.len() };
                return Err(Error { file: self.file.to_string(), line, column: None, kind });
            }
            Ok(Row { table: self, line, cells })
        })
    }
}

/// The lines after the first `skip` that are neither blank nor comments, with their 1-based numbers.
fn content_lines(text: &str, skip: usize) -> impl Iterator<Item = (usize, &str)> {
    let content = |(_, l): &(usize, &str)| !l.trim_ascii().is_empty() && !l.trim_ascii_start().starts_with('#');
    text.lines().enumerate().skip(skip).filter(content).map(|(n, l)| (n + 1, l))
}

/// One row of a [`Table`].
#[derive(Debug, Clone)]
pub struct Row<'t, 'a> {
    table: &'t Table<'a>,
    line: usize,
    /// One per column.
    cells: Vec<&'a str>,
}

impl<'a> Row<'_, 'a> {
    /// The row's 1-based line in the file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Where the row is, for messages and provenance: `file:line`.
    pub fn origin(&self) -> String {
        format!("{}:{}", self.table.file, self.line)
    }

    /// The cell of a required column: an error if the table has no such column or the cell is empty.
    pub fn get(&self, column: impl ColumnRef) -> Result<&'a str, Error> {
        let (i, cell) = self.cell(column).ok_or_else(|| self.no_column(column))?;
        if cell.is_empty() {
            return Err(self.error(i, ErrorKind::MissingCell));
        }
        Ok(cell)
    }

    /// The cell of an optional column: `None` when it is empty or `-`; an error if the table has no such
    /// column.
    pub fn opt(&self, column: impl ColumnRef) -> Result<Option<&'a str>, Error> {
        let (_, cell) = self.cell(column).ok_or_else(|| self.no_column(column))?;
        Ok(Some(cell).filter(|c| !c.is_empty() && *c != "-"))
    }

    /// A required cell read as a `T` (a number, say): an error naming the value when it does not read.
    pub fn parse<T: FromStr>(&self, column: impl ColumnRef) -> Result<T, Error> {
        let cell = self.get(column)?;
        cell.parse().map_err(|_| self.invalid(column, format!("cannot read {cell:?}")))
    }

    /// An optional cell read as a `T`: `None` when empty or `-`, an error naming the value when it does not
    /// read.
    pub fn parse_opt<T: FromStr>(&self, column: impl ColumnRef) -> Result<Option<T>, Error> {
        match self.opt(column)? {
            Some(cell) => cell.parse().map(Some).map_err(|_| self.invalid(column, format!("cannot read {cell:?}"))),
            None => Ok(None),
        }
    }

    /// An error for a cell whose value the caller does not accept ("unknown role \"x\"").
    pub fn invalid(&self, column: impl ColumnRef, message: impl Into<String>) -> Error {
        let mut error = self.error(usize::MAX, ErrorKind::Invalid(message.into()));
        error.column = Some(column.name(&self.table.columns));
        error
    }

    /// The column's index and the row's cell in it.
    #[inline]
    fn cell(&self, column: impl ColumnRef) -> Option<(usize, &'a str)> {
        let i = column.index(&self.table.columns)?;
        Some((i, *self.cells.get(i)?))
    }

    #[cold]
    fn no_column(&self, column: impl ColumnRef) -> Error {
        let mut error = self.error(usize::MAX, ErrorKind::NoColumn);
        error.column = Some(column.name(&self.table.columns));
        error
    }

    /// An error about the cell in column `i`.
    fn error(&self, i: usize, kind: ErrorKind) -> Error {
        let column = self.table.columns.get(i).map(|c| c.to_string());
        Error { file: self.table.file.to_string(), line: self.line, column, kind }
    }
}

/// A column of a table: its name (`"term"`), or the [`Column`] that [`Table::column`] found once, for a
/// large table read in a loop.
pub trait ColumnRef: Copy {
    /// The column's index among `columns`, if it is one of them.
    fn index(self, columns: &[&str]) -> Option<usize>;
    /// The column's name, for messages.
    fn name(self, columns: &[&str]) -> String;
}

impl ColumnRef for &str {
    fn index(self, columns: &[&str]) -> Option<usize> {
        columns.iter().position(|c| *c == self)
    }

    fn name(self, _: &[&str]) -> String {
        self.to_string()
    }
}

/// A column found by [`Table::column`]: its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column(usize);

impl ColumnRef for Column {
    fn index(self, _: &[&str]) -> Option<usize> {
        Some(self.0)
    }

    fn name(self, columns: &[&str]) -> String {
        columns.get(self.0).map_or_else(|| format!("#{}", self.0), |c| c.to_string())
    }
}

/// A malformed table, or a row the reader's caller cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The name the table was parsed under.
    pub file: String,
    /// 1-based line; 0 for the file as a whole.
    pub line: usize,
    /// The column concerned, if one is.
    pub column: Option<String>,
    pub kind: ErrorKind,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Nothing but comments and blank lines: no header row.
    NoHeader,
    /// A header cell is empty.
    UnnamedColumn,
    /// The header names a column twice.
    DuplicateColumn,
    /// A row has another number of cells than the header.
    CellCount { found: usize, expected: usize },
    /// The table has no column of that name.
    NoColumn,
    /// A required cell is empty.
    MissingCell,
    /// The cell's value is not one the caller accepts.
    Invalid(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column {column:?}")?;
        }
        match &self.kind {
            ErrorKind::NoHeader => f.write_str(": no header row"),
            ErrorKind::UnnamedColumn => f.write_str(": empty column name in the header"),
            ErrorKind::DuplicateColumn => f.write_str(": named twice in the header"),
            ErrorKind::CellCount { found, expected } => write!(f, ": {found} cells, the header names {expected}"),
            ErrorKind::NoColumn => f.write_str(": no such column"),
            ErrorKind::MissingCell => f.write_str(": empty, and required"),
            ErrorKind::Invalid(message) => write!(f, ": {message}"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# a comment\n\nterm\tvalue\tnote\r\n  # an indented comment\n one \t 1\t-\ntwo\t2\t\n";

    #[test]
    fn header_rows_lines_and_trimmed_cells() {
        let table = Table::parse("t.tsv", TEXT).expect("parses");
        assert_eq!(table.columns(), ["term", "value", "note"]);
        let rows: Vec<_> = table.rows().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line(), rows[0].get("term"), rows[0].parse::<u32>("value")), (5, Ok("one"), Ok(1)));
        assert_eq!(rows[0].opt("note"), Ok(None));
        assert_eq!(rows[1].opt("note"), Ok(None));
        assert_eq!((rows[0].parse_opt::<u8>("value"), rows[0].parse_opt::<u8>("note")), (Ok(Some(1)), Ok(None)));
        assert_eq!(rows[1].origin(), "t.tsv:6");
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let table = Table::parse("t.tsv", TEXT).expect("parses");
        let two = table.rows().nth(1).expect("second row").expect("well-formed");
        let missing = two.get("note").expect_err("empty");
        assert_eq!(missing.to_string(), "t.tsv:6: column \"note\": empty, and required");
        assert_eq!(two.get("weight").map_err(|e| e.kind), Err(ErrorKind::NoColumn));
        let bad = two.parse::<u8>("term").expect_err("not a number");
        assert_eq!(bad.to_string(), "t.tsv:6: column \"term\": cannot read \"two\"");
        assert_eq!(two.invalid("term", "unknown").to_string(), "t.tsv:6: column \"term\": unknown");
        let note = table.column("note").expect("a column");
        assert_eq!(two.get(note), Err(missing));
        assert_eq!(table.column("weight").map_err(|e| (e.line, e.kind)), Err((3, ErrorKind::NoColumn)));
    }

    #[test]
    fn malformed_tables() {
        let kind = |text| {
            let table = Table::parse("t.tsv", text)?;
            let checked = table.rows().try_for_each(|row| row.map(|_| ()));
            checked
        };
        let kind = |text| kind(text).map_err(|e| (e.line, e.kind));
        assert_eq!(kind("# only\n\n"), Err((0, ErrorKind::NoHeader)));
        assert_eq!(kind("a\tb\n1\n"), Err((2, ErrorKind::CellCount { found: 1, expected: 2 })));
        assert_eq!(kind("a\tb\n1\t2\t3\n"), Err((2, ErrorKind::CellCount { found: 3, expected: 2 })));
        assert_eq!(kind("\na\ta\n"), Err((2, ErrorKind::DuplicateColumn)));
        assert_eq!(kind("a\t\tb\n"), Err((1, ErrorKind::UnnamedColumn)));
        assert_eq!(kind("a\tb\n"), Ok(()));
    }
}
