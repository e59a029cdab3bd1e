// line_fold.h: how postconf -f folds long output lines, the same for main.cf
// parameters (-nf, -df) and master.cf entries (-Mf, -Ff, -Pf): items are
// joined by one space, and an item that would make the line reach
// kLineLimit columns starts a new line indented by kIndentLen spaces.
#pragma once

#include <cstddef>
#include <string>

namespace postkit::postconf {

constexpr size_t kLineLimit = 80;
constexpr size_t kIndentLen = 4;

// Appends what goes before the next item: a space, or (when folding and the
// line would reach kLineLimit once `added` more columns follow) a newline and
// the indentation. Keeps line_len, the current line's length, up to date.
inline void separate_or_fold(std::string& out, size_t& line_len, bool fold, size_t added) {
  if (!fold || line_len + added < kLineLimit) {
    out += ' ';
    line_len += 1;
  } else {
    out += '\n';
    out.append(kIndentLen, ' ');
    line_len = kIndentLen;
  }
}

}  // namespace postkit::postconf
