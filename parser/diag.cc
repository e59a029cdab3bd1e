// diag.cc: see diag.h.
#include "diag.h"

#include <iostream>
#include <ostream>
#include <utility>

namespace postkit {

Diagnostics::Diagnostics(std::string prog) : Diagnostics(std::move(prog), std::cerr) {}

Diagnostics::Diagnostics(std::string prog, std::ostream& err)
    : prog_(std::move(prog)), err_(&err) {}

void Diagnostics::emit(std::string_view severity, std::string_view text) {
  // Postfix writes each message as one line; flush stdout first so interleaved
  // stdout/stderr keep their order when both go to one terminal or pipe.
  std::cout.flush();
  std::string line = prog_;
  line += ": ";
  if (!severity.empty()) {
    line += severity;
    line += ": ";
  }
  line += text;
  line += '\n';
  *err_ << line;
  err_->flush();
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
    case Severity::kFatal:
      return "fatal";
  }
  return "";
}

void Diagnostics::report(Diagnostic d) {
  if (d.severity == Severity::kWarning) ++warnings_;
  if (sink_) {
    sink_(std::move(d));
    return;
  }
  emit(d.severity == Severity::kInfo ? std::string_view() : to_string(d.severity), d.text);
}

void Diagnostics::warning(std::string_view text) {
  report({Severity::kWarning, {}, {}, 0, 0, std::string(text)});
}

void Diagnostics::error(std::string_view text) {
  report({Severity::kError, {}, {}, 0, 0, std::string(text)});
}

void Diagnostics::info(std::string_view text) {
  report({Severity::kInfo, {}, {}, 0, 0, std::string(text)});
}

void Diagnostics::verbose(std::string_view text) {
  if (verbosity_ > 0) info(text);
}

void Diagnostics::fatal(const std::string& text, int exit_status) {
  throw FatalError(text, exit_status);
}

std::string Diagnostics::at(std::string_view file, long line) {
  std::string s(file);
  s += ", line ";
  s += std::to_string(line);
  s += ": ";
  return s;
}

int run_command(Diagnostics& diag, const std::function<int()>& body) {
  try {
    return body();
  } catch (const FatalError& e) {
    diag.print_fatal(e.what());
    return e.exit_status();
  } catch (const std::bad_alloc&) {
    diag.print_fatal("out of memory");
    return 1;
  } catch (const std::exception& e) {
    diag.print_fatal(e.what());
    return 1;
  }
}

}  // namespace postkit
