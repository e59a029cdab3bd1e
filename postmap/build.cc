// build.cc: postmap [-i] [type:]file: the entries of a postmap source
// ("key whitespace value", see maptypes/source.h) with Postfix 3.7's
// warnings, and -F file values. Opening the source and the table, the new
// table's mode and owner, are shared with postalias (TableBuild).
#include "postmap.h"

namespace postkit::postmap {

void build_map(const TableContext& ctx, const Options& opts, const std::string& type,
               const std::string& name) {
  TableBuild build(ctx, type, name);
  while (std::optional<SourceLine> line = build.next()) {
    SourceEntry e = parse_postmap_entry(line->text);
    if (e.result == SourceEntry::Result::kUnbalancedQuote) {
      build.warn(line->line, "unbalanced '\"' in '" + printable(line->ctext, ctx.utf8_active) +
                                 "' -- ignoring this line");
      continue;
    }
    if (e.result == SourceEntry::Result::kNoValue) {
      build.warn(line->line, "expected format: key whitespace value");
      continue;
    }
    if (e.key.back() == ':') {
      build.warn(line->line, "record is in \"key: value\" format; is this an alias file?");
    }
    if (!opts.rhs_is_file) {
      build.put(e.key, e.value);
      continue;
    }
    std::string error;
    std::optional<std::string> b64 = file_to_base64(std::string(e.value), &error);
    if (!b64) {
      build.warn(line->line, error + ": skipping this entry");
      continue;
    }
    build.put(e.key, *b64);
  }
  build.commit();
}

}  // namespace postkit::postmap
