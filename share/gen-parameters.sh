#!/bin/sh
# gen-parameters.sh: regenerate share/parameters.tsv from the installed
# Postfix 3.7 (Debian 12's /usr/sbin/postconf), so anyone can check where
# every row of the table came from.
#
# Usage: sh share/gen-parameters.sh [POSTCONF] > share/parameters.tsv
#
# Two facts are combined:
#   1. names and defaults: `postconf -c EMPTYDIR -d` with an empty main.cf and
#      no master.cf (so no service-derived names);
#   2. each parameter's type: the postconf binary holds one table per type
#      (time, bool, int, str, str_fn, raw, nint, nbool, long), each an array of
#      {name, default, variable, ...} records terminated by a null record. A
#      small Perl reader (perl-base is in every Debian) walks the ELF file's
#      .data.rel.ro section and its relocations to find those arrays, so the
#      types are the ones Postfix 3.7 itself uses, not a transcription.
# The script cross-checks the two: every constant default found in the binary
# must equal what `postconf -d` prints, and every name printed by -d must
# have exactly one type; any mismatch aborts with a message.
#
# Only x86-64 ELF binaries are understood (the reference machine's).
set -eu

POSTCONF=${1:-/usr/sbin/postconf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

mkdir "$tmp/conf"
: >"$tmp/conf/main.cf"
# Postfix pauses ~2s when main.cf changed within the last second.
touch -d '-1 min' "$tmp/conf/main.cf"
"$POSTCONF" -c "$tmp/conf" -d >"$tmp/defaults" 2>"$tmp/stderr" || {
  cat "$tmp/stderr" >&2
  echo "gen-parameters: $POSTCONF -d failed" >&2
  exit 1
}

perl - "$POSTCONF" "$tmp/defaults" <<'PERL'
use strict;
use warnings;

my ($bin, $defaults) = @ARGV;
my $img = do { open my $fh, '<:raw', $bin or die "open $bin: $!\n"; local $/; <$fh> };

# --- ELF64 little-endian section headers and dynamic relocations ---
die "$bin: not a 64-bit little-endian ELF file\n"
  unless substr($img, 0, 6) eq "\x7fELF\x02\x01";
die "$bin: only x86-64 binaries are supported\n" unless unpack('v', substr($img, 0x12, 2)) == 62;
my ($shoff) = unpack('Q<', substr($img, 0x28, 8));
my ($shentsize, $shnum, $shstrndx) = unpack('v v v', substr($img, 0x3a, 6));
my @sec;
for my $i (0 .. $shnum - 1) {
  my ($name, $type, $flags, $addr, $off, $size) =
    unpack('V V Q< Q< Q< Q<', substr($img, $shoff + $i * $shentsize, 40));
  push @sec, { name => $name, type => $type, addr => $addr, off => $off, size => $size };
}
my $strtab = $sec[$shstrndx];
for my $s (@sec) {
  my $p = $strtab->{off} + $s->{name};
  $s->{name} = substr($img, $p, index($img, "\0", $p) - $p);
}
my %sec = map { $_->{name} => $_ } @sec;
for my $need ('.rodata', '.data.rel.ro', '.rela.dyn', '.text') {
  die "$bin: no $need section\n" unless $sec{$need};
}

my (%relative, %symbolic);    # slot address -> target address / 1
my $rela = $sec{'.rela.dyn'};
for (my $p = $rela->{off}; $p < $rela->{off} + $rela->{size}; $p += 24) {
  my ($where, $info, $addend) = unpack('Q< Q< q<', substr($img, $p, 24));
  my $type = $info & 0xffffffff;
  if ($type == 8) { $relative{$where} = $addend }    # R_X86_64_RELATIVE
  elsif ($type == 1) { $symbolic{$where} = 1 }       # R_X86_64_64 (a library variable)
}

sub in_sec { my ($a, $n) = @_; my $s = $sec{$n}; $a >= $s->{addr} && $a < $s->{addr} + $s->{size} }
sub file_off {
  my $a = shift;
  for my $s (@sec) {
    return $a - $s->{addr} + $s->{off}
      if $s->{type} != 8 && $s->{addr} && $a >= $s->{addr} && $a < $s->{addr} + $s->{size};
  }
  die sprintf("address 0x%x is in no section\n", $a);
}
sub cstr { my $p = file_off(shift); substr($img, $p, index($img, "\0", $p) - $p) }
sub word32 { unpack('l<', substr($img, file_off(shift), 4)) }
sub word64 { unpack('q<', substr($img, file_off(shift), 8)) }

# Slot classification: a string in .rodata, a code pointer, a pointer to a
# variable (relocated into writable data or a library symbol), or plain data.
sub str_at { my $a = shift; exists $relative{$a} && in_sec($relative{$a}, '.rodata') ? cstr($relative{$a}) : undef }
sub is_code { my $a = shift; exists $relative{$a} && in_sec($relative{$a}, '.text') }
sub is_var {
  my $a = shift;
  return 1 if $symbolic{$a};
  return 0 unless exists $relative{$a};
  my $t = $relative{$a};
  return !in_sec($t, '.rodata') && !in_sec($t, '.text');
}
sub is_data { my $a = shift; !exists $relative{$a} && !$symbolic{$a} }
sub is_null_record {
  my ($a, $len) = @_;
  for (my $p = $a; $p < $a + $len; $p += 8) { return 0 unless is_data($p) && word64($p) == 0 }
  return 1;
}

# --- names and defaults as postconf -d prints them ---
my (@names, %printed);
open my $dfh, '<', $defaults or die;
while (<$dfh>) {
  chomp;
  /^(\S+) =(?: (.*))?$/ or die "unexpected postconf -d line: $_\n";
  push @names, $1;
  $printed{$1} = $2 // '';
}
close $dfh;

# --- find the type tables: runs of records whose first field names a
# parameter, with a fixed stride, ended by a null record ---
my %type;        # name -> postfix table class
my %bindef;      # name -> default as stored in the binary (undef: computed)
my $ro = $sec{'.data.rel.ro'};
my %taken;
my @string_runs;
for (my $a = $ro->{addr}; $a < $ro->{addr} + $ro->{size}; $a += 8) {
  next if $taken{$a};
  my $first = str_at($a);
  next unless defined $first && exists $printed{$first};
  for my $stride (24, 32, 40) {
    my @recs;
    my $p = $a;
    while (defined(my $n = str_at($p))) {
      last unless exists $printed{$n} && is_var($p + 16);
      push @recs, [$n, $p];
      $p += $stride;
    }
    next unless @recs && is_null_record($p, $stride);
    my $class;
    my @def = map { $_->[1] + 8 } @recs;
    if ($stride == 40 && !grep { !is_data($_) } @def) {
      $class = 'long';
    } elsif ($stride == 24 && !grep { !is_data($_) } @def) {
      $class = 'bool';
    } elsif ($stride == 24 && !grep { !defined str_at($_) } @def) {
      $class = 'nbool';
    } elsif ($stride == 32 && !grep { !is_data($_) } @def) {
      $class = 'int';
    } elsif ($stride == 32 && !grep { !is_code($_) } @def) {
      $class = 'str_fn';
    } elsif ($stride == 32 && !grep { !defined str_at($_) } @def) {
      $class = 'string-run';
    } else {
      next;
    }
    for my $r (@recs) {
      my ($n, $p) = @$r;
      die "$n appears in two type tables\n" if exists $type{$n};
      $taken{$p} = 1;
      $type{$n} = $class;
      $bindef{$n} =
          $class eq 'long'   ? word64($p + 8)
        : $class eq 'int'    ? word32($p + 8)
        : $class eq 'bool'   ? (word32($p + 8) ? 'yes' : 'no')
        : $class eq 'str_fn' ? undef
        :                      str_at($p + 8);
    }
    push @string_runs, [map { $_->[0] } @recs] if $class eq 'string-run';
    last;
  }
}

# Four tables hold string defaults: time, str (the largest: it also holds the
# installation parameters), raw and nint. Tell them apart by content: every
# time default ends in a unit letter; every nint default is a number or a
# $-expression; what remains is raw.
die "expected 4 string-valued tables, found " . scalar(@string_runs) . "\n" unless @string_runs == 4;
@string_runs = sort { @$b <=> @$a } @string_runs;
my $str = shift @string_runs;
$type{$_} = 'str' for @$str;
for my $run (@string_runs) {
  my @v = map { $bindef{$_} } @$run;
  my $class =
      !grep({ !/[smhdw]$/ } @v)          ? 'time'
    : !grep({ !/^(\d+|\$.*)$/ } @v) ? 'nint'
    :                                  'raw';
  die "two string tables classified as $class\n" if grep { $type{$_} eq $class } keys %type;
  $type{$_} = $class for @$run;
}

# Parameters postconf registers by ad-hoc code, not from a table.
my %adhoc = (process_id => 'int', process_name => 'str', service_name => 'str');

my %ptype = (time => 'time', bool => 'bool', nbool => 'bool', int => 'int', nint => 'int',
             long => 'long', str => 'string', str_fn => 'string', raw => 'raw');
print "# share/parameters.tsv: generated by share/gen-parameters.sh from Postfix 3.7 ($bin).\n";
print "# Do not edit; see share/parameters.README.md for the columns.\n";
print "# name\ttype\tclass\tunit\tcomputed\tdefault\n";
for my $n (sort @names) {
  my ($class, $computed);
  if (exists $type{$n}) {
    $class = $type{$n};
    $computed = $class eq 'str_fn' ? 1 : 0;
  } elsif (exists $adhoc{$n}) {
    $class = 'adhoc';
    # process_name and process_id describe the running program; service_name
    # is empty for a program that master(8) did not start, as postconf.
    $computed = $n eq 'service_name' ? 0 : 1;
  } else {
    die "$n: printed by postconf -d but found in no type table\n";
  }
  my $ptype = $class eq 'adhoc' ? ($adhoc{$n} eq 'int' ? 'int' : 'string') : $ptype{$class};
  my $default = $computed ? '' : $printed{$n};
  if (!$computed && $class ne 'adhoc' && $bindef{$n} ne $printed{$n}) {
    die "$n: binary default '$bindef{$n}' differs from postconf -d '$printed{$n}'\n";
  }
  die "$n: default contains a tab\n" if $default =~ /\t/;
  my $unit = $class eq 'time' ? substr($default, -1) : '-';
  print join("\t", $n, $ptype, $class, $unit, $computed ? 'yes' : 'no', $default), "\n";
}
PERL
