// build.cc: postalias [-i] [type:]file: the entries of an aliases(5) file
// (maptypes/alias_source.h) with Postfix 3.7's warnings, then the signatures
// Postfix 3.7 adds: "@" -> "@" (sendmail's "database complete" mark, with
// the table's NUL convention) and the NIS entries YP_LAST_MODIFIED (%010ld
// seconds) and YP_MASTER_NAME ($myhostname), both stored without a trailing
// NUL and without case folding. With -i these replace the old signatures.
// Opening the source and the table, the new table's mode and owner, are
// shared with postmap (TableBuild).
#include <cstdio>
#include <ctime>

#include "alias_source.h"
#include "postalias.h"

namespace postkit::postalias {
namespace {

void add_signatures(const TableContext& ctx, TableBuild& build) {
  Dict& dict = build.dict();
  if (ctx.opts.incremental) dict.set_flags(dict.flags() | kDupReplace);
  build.put("@", "@");
  // NIS: these two MUST be stored without a trailing NUL, and unfolded.
  dict.set_flags((dict.flags() & ~(kTry1Null | kFoldFix)) | kTry0Null);
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "%010ld", static_cast<long>(std::time(nullptr)));
  build.put("YP_LAST_MODIFIED", stamp);
  build.put("YP_MASTER_NAME", ctx.config.get("myhostname"));
}

}  // namespace

void build_aliases(const TableContext& ctx, const std::string& type, const std::string& name) {
  TableBuild build(ctx, type, name);
  AliasParser parser;
  AliasEntry entry;
  while (std::optional<SourceLine> line = build.next()) {
    parser.parse(line->ctext, &entry);
    switch (entry.result) {
      case AliasEntry::Result::kEmpty:
        continue;
      case AliasEntry::Result::kNeedPair:
        build.warn(line->line, "need name:value pair");
        continue;
      case AliasEntry::Result::kNotLocal:
        build.warn(line->line, "name must be local");
        continue;
      case AliasEntry::Result::kOk:
        build.put(entry.key, entry.value);
        break;
    }
  }
  add_signatures(ctx, build);
  build.commit();
}

}  // namespace postkit::postalias
