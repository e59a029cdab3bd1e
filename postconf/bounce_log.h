// bounce_log.h: Postfix's "printable" rule, for values shown in bounce
// templates and for the bounce daemon's diagnostics.
//
// Contract: make_printable() replaces each byte that is not printable ASCII
// by `replacement`; with utf8, well-formed UTF-8 sequences (and one cut short
// by the end of the text) are kept, as Postfix does when SMTPUTF8 is on.
// PrintableLog is a line-buffered stream buffer that applies the rule (with
// '?') to every line before writing it to `out`, as Postfix sanitises what
// it logs; pass it to a Diagnostics through a std::ostream.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace postkit::postconf {

void make_printable(std::string* s, bool utf8, char replacement);

class PrintableLog : public std::streambuf {
 public:
  PrintableLog(std::ostream& out, bool utf8) : out_(out), utf8_(utf8) {}
  ~PrintableLog() override {
    if (!line_.empty()) flush_line();
  }

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  void flush_line();

  std::ostream& out_;
  bool utf8_;
  std::string line_;
};

}  // namespace postkit::postconf
