// mksqlite: load "key value" lines (gen map output) into an SQLite table.
//
// Usage: mksqlite DB < lines
// Creates DB with table map(key TEXT PRIMARY KEY, value TEXT) holding each
// line's first word, lower-cased as Postfix folds lookup keys, and the rest
// of the line after one run of blanks. Fails (exit 1, message on stderr) on
// any SQLite error or a malformed line; the database is written in one
// transaction so a failure leaves no half-filled table behind a success.
#include <sqlite3.h>

#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

[[noreturn]] void die(sqlite3* db, const std::string& what) {
  std::fprintf(stderr, "mksqlite: %s: %s\n", what.c_str(), db ? sqlite3_errmsg(db) : "error");
  std::exit(1);
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(db, sql);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: mksqlite DB < lines\n");
    return 2;
  }
  std::remove(argv[1]);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open(argv[1], &raw);
  Db db(raw);
  if (rc != SQLITE_OK) die(db.get(), std::string("open ") + argv[1]);
  exec(db.get(), "PRAGMA journal_mode = OFF");
  exec(db.get(), "CREATE TABLE map (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  exec(db.get(), "BEGIN");
  sqlite3_stmt* raw_stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "INSERT INTO map VALUES (?, ?)", -1, &raw_stmt, nullptr) !=
      SQLITE_OK)
    die(db.get(), "prepare");
  Stmt insert(raw_stmt);
  std::string line;
  long lineno = 0;
  while (std::getline(std::cin, line)) {
    ++lineno;
    size_t sep = line.find_first_of(" \t");
    size_t value = sep == std::string::npos ? sep : line.find_first_not_of(" \t", sep);
    if (sep == 0 || value == std::string::npos) {
      std::fprintf(stderr, "mksqlite: line %ld: expected \"key value\"\n", lineno);
      return 1;
    }
    std::string key = line.substr(0, sep);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    sqlite3_bind_text(insert.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 2, line.data() + value, static_cast<int>(line.size() - value),
                      SQLITE_TRANSIENT);
    if (sqlite3_step(insert.get()) != SQLITE_DONE)
      die(db.get(), "insert line " + std::to_string(lineno));
    sqlite3_reset(insert.get());
  }
  if (std::cin.bad()) {
    std::perror("mksqlite: read");
    return 1;
  }
  exec(db.get(), "COMMIT");
  return 0;
}
