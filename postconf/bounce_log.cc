// bounce_log.cc: Postfix's printable rule (see bounce_log.h).
#include "bounce_log.h"

namespace postkit::postconf {

void make_printable(std::string* s, bool utf8, char replacement) {
  size_t i = 0;
  while (i < s->size()) {
    unsigned char c = static_cast<unsigned char>((*s)[i]);
    if (c >= 0x20 && c < 0x7f) {
      ++i;
      continue;
    }
    size_t follow = !utf8                    ? 0
                    : c >= 0xc2 && c <= 0xdf ? 1
                    : c >= 0xe0 && c <= 0xef ? 2
                    : c >= 0xf0 && c <= 0xf4 ? 3
                                             : 0;
    size_t j = i + 1;
    while (follow > 0 && j < s->size() && (static_cast<unsigned char>((*s)[j]) & 0xc0) == 0x80) {
      ++j;
      --follow;
    }
    if (j > i + 1 && (follow == 0 || j == s->size())) {
      i = j;  // a UTF-8 sequence
      continue;
    }
    (*s)[i++] = replacement;
  }
}

PrintableLog::int_type PrintableLog::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  if (traits_type::to_char_type(c) == '\n')
    flush_line();
  else
    line_.push_back(traits_type::to_char_type(c));
  return c;
}

int PrintableLog::sync() {
  out_.flush();
  return 0;
}

void PrintableLog::flush_line() {
  make_printable(&line_, utf8_, '?');
  out_ << line_ << '\n' << std::flush;
  line_.clear();
}

}  // namespace postkit::postconf
