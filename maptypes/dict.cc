// dict.cc: the shared parts of Dict (see dict.h): default "not supported"
// operations, key folding and the duplicate policy.
#include "dict.h"

#include <string>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace postkit {

Status Dict::update(std::string_view, std::string_view) {
  return unsupported("update");
}
Status Dict::remove(std::string_view) {
  return unsupported("delete");
}
Status Dict::sequence(const Visitor&) {
  return unsupported("sequence");
}

Status Dict::unsupported(std::string_view op) const {
  return Status::unsupported("table " + type_name() + ": " + std::string(op) +
                             " operation is not supported");
}

std::string_view Dict::fold(std::string_view key, std::string& buf) const {
  if (!has(flags_, kFoldFix | kFoldMul)) return key;
  // With SMTPUTF8 (kUtf8Request), Postfix folds non-ASCII keys with ICU's
  // full case folding (ß -> ss, final sigma -> sigma); otherwise, and for
  // ASCII keys, it lowercases ASCII letters only.
  // One branch-free pass (it vectorises) finds non-ASCII bytes and upper-case
  // letters; a key with neither is returned as it is, without a copy.
  unsigned high = 0, upper = 0;
  for (unsigned char c : key) {
    high |= c & 0x80u;
    upper |= static_cast<unsigned>(static_cast<unsigned char>(c - 'A') < 26);
  }
  if (high && has(flags_, kUtf8Request) && utf8_casefold(key, buf)) return buf;
  if (!upper) return key;
  buf.assign(key);
  for (char& c : buf) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return buf;
}

Status Dict::on_duplicate(std::string_view label, std::string_view key, bool* replace) {
  *replace = has(flags_, kDupReplace);
  if (*replace || has(flags_, kDupIgnore)) return Status::kOk;
  std::string text(label);
  text += ": duplicate entry: \"";
  text += printable(key, has(flags_, kUtf8Request));
  text += '"';
  if (has(flags_, kDupWarn)) {
    diag_->warning(text);
    return Status::kOk;
  }
  return Status::config(std::move(text));
}

}  // namespace postkit

namespace postkit {

bool valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    unsigned min, cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t j = 1; j < len; ++j) {
      unsigned char cc = static_cast<unsigned char>(s[i + j]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::string printable(std::string_view text, bool utf8) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (utf8 && c >= 0xC2) {
      size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (i + len <= text.size() && valid_utf8(text.substr(i, len))) {
        out.append(text.substr(i, len));
        i += len;
        continue;
      }
    }
    out += '?';
    ++i;
  }
  return out;
}

}  // namespace postkit

namespace postkit {

bool utf8_casefold(std::string_view text, std::string& out) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  s.foldCase(U_FOLD_CASE_DEFAULT);
  if (s.isBogus()) return false;
  out.clear();
  s.toUTF8String(out);
  return true;
}

}  // namespace postkit
