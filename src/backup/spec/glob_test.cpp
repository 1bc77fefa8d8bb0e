#include "backup/spec/glob.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace coffer::backup {
namespace {

struct MatchCase {
  std::string pattern;
  std::string text;
  bool matches;
};

class GlobMatch : public ::testing::TestWithParam<MatchCase> {};

TEST_P(GlobMatch, MatchesLikeGobwas) {
  const MatchCase& c = GetParam();
  Glob glob(c.pattern);
  EXPECT_EQ(glob.matches(c.text), c.matches) << "pattern " << c.pattern << " text " << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, GlobMatch,
    ::testing::Values(
        // '*' and '**': any run, including empty; no separators.
        MatchCase{"*", "", true}, MatchCase{"*", "kube-system", true}, MatchCase{"prod-*", "prod-a", true},
        MatchCase{"prod-*", "prod-", true}, MatchCase{"prod-*", "staging", false},
        MatchCase{"prod-*", "xprod-a", false}, MatchCase{"*-prod", "eu-prod", true},
        MatchCase{"*-prod", "eu-prod-1", false}, MatchCase{"a*b*c", "abc", true},
        MatchCase{"a*b*c", "axxbyyc", true}, MatchCase{"a*b*c", "acb", false}, MatchCase{"**", "a/b.c", true},
        MatchCase{"a**z", "a/b/z", true}, MatchCase{"*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
        // '?': exactly one character (a code point, not a byte).
        MatchCase{"?", "a", true}, MatchCase{"?", "", false}, MatchCase{"?", "ab", false},
        MatchCase{"ns-?", "ns-1", true}, MatchCase{"ns-?", "ns-10", false}, MatchCase{"?", "\xC3\xA9", true},
        MatchCase{"??", "\xC3\xA9", false},
        // Character classes: a list or one range, '!' negates.
        MatchCase{"[abc]x", "bx", true}, MatchCase{"[abc]x", "dx", false}, MatchCase{"[a-c]", "b", true},
        MatchCase{"[a-c]", "d", false}, MatchCase{"[!a-c]", "d", true}, MatchCase{"[!a-c]", "b", false},
        MatchCase{"[!abc]", "d", true}, MatchCase{"[!abc]", "a", false}, MatchCase{"[-a]", "-", true},
        MatchCase{"[ab-]", "-", true}, MatchCase{"[ab-]", "c", false}, MatchCase{"[!!]", "!", false},
        MatchCase{"[!!]", "a", true}, MatchCase{"[\\]]", "]", true}, MatchCase{"[a*]", "*", true},
        MatchCase{"team-[0-9]", "team-7", true}, MatchCase{"team-[0-9]", "team-x", false},
        MatchCase{"[]-a]", "^", true},  // the range ']'..'a' (']' is 93, '^' 94, 'a' 97)
        // Alternatives.
        MatchCase{"{prod,staging}-*", "prod-1", true}, MatchCase{"{prod,staging}-*", "staging-x", true},
        MatchCase{"{prod,staging}-*", "dev-1", false}, MatchCase{"{a,b{c,d}}", "bd", true},
        MatchCase{"{a,b{c,d}}", "b", false}, MatchCase{"{a,}x", "x", true}, MatchCase{"{a,}x", "ax", true},
        MatchCase{"{a,b", "b", true},  // gobwas closes an unclosed '{' at the end
        MatchCase{"{a\\,b,c}", "a,b", true}, MatchCase{"{a\\,b,c}", "a", false},
        // Escapes and characters that are literal outside their construct.
        MatchCase{"a\\*b", "a*b", true}, MatchCase{"a\\*b", "axb", false}, MatchCase{"\\[x\\]", "[x]", true},
        MatchCase{"a,b", "a,b", true}, MatchCase{"a}", "a}", true}, MatchCase{"x]", "x]", true},
        MatchCase{"abc\\", "abc", true},  // a trailing backslash is dropped
        MatchCase{"\\q", "q", true},
        // Empty pattern and exact names.
        MatchCase{"", "", true}, MatchCase{"", "a", false}, MatchCase{"kube-system", "kube-system", true},
        MatchCase{"kube-system", "kube-system2", false}, MatchCase{"kube-system", "kube", false}));

// With '.' as a separator (Velero's groupResource): gobwas's glob.Compile(pattern, '.').
class GlobWithDotSeparator : public ::testing::TestWithParam<MatchCase> {};

TEST_P(GlobWithDotSeparator, MatchesLikeGobwas) {
  const MatchCase& c = GetParam();
  Glob glob(c.pattern, {U"."});
  EXPECT_EQ(glob.matches(c.text), c.matches) << "pattern " << c.pattern << " text " << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, GlobWithDotSeparator,
    ::testing::Values(
        // '*' stops at a separator, '**' does not.
        MatchCase{"*", "pods", true}, MatchCase{"*", "deployments.apps", false}, MatchCase{"*", "", true},
        MatchCase{"*.apps", "deployments.apps", true}, MatchCase{"*.apps", "a.b.apps", false},
        MatchCase{"*.*", "deployments.apps", true}, MatchCase{"*.*", "ingresses.networking.k8s.io", false},
        MatchCase{"**", "ingresses.networking.k8s.io", true}, MatchCase{"**", "pods", true},
        MatchCase{"*.**", "ingresses.networking.k8s.io", true}, MatchCase{"*.**", "pods", false},
        MatchCase{"**.k8s.io", "ingresses.networking.k8s.io", true}, MatchCase{"***", "a.b", true},
        MatchCase{"deploy*", "deployments.apps", false}, MatchCase{"deploy**", "deployments.apps", true},
        // '?' is one non-separator character.
        MatchCase{"pod?", "pods", true}, MatchCase{"a?b", "a.b", false}, MatchCase{"a??", "a.b", false},
        // Classes, alternatives and literal text are not affected by separators.
        MatchCase{"a[.]b", "a.b", true}, MatchCase{"a[!x]b", "a.b", true},
        MatchCase{"{deployments,statefulsets}.apps", "statefulsets.apps", true},
        MatchCase{"{*.apps,pods}", "pods", true}, MatchCase{"{*.apps,pods}", "x.y.apps", false},
        MatchCase{"deployments.apps", "deployments.apps", true}));

TEST(Glob, SeveralSeparators) {
  Glob glob("*", {U"./"});
  EXPECT_TRUE(glob.matches("ab"));
  EXPECT_FALSE(glob.matches("a.b"));
  EXPECT_FALSE(glob.matches("a/b"));
  EXPECT_TRUE(Glob("*", {U"\u00e9"}).matches("a.b"));
  EXPECT_FALSE(Glob("*", {U"\u00e9"}).matches("caf\xC3\xA9"));  // a non-ASCII separator
}

TEST(Glob, StrictRejectsWhatGobwasRepairs) {
  EXPECT_TRUE(Glob("{a,b").matches("b"));
  EXPECT_TRUE(Glob("abc\\").matches("abc"));
  GlobOptions strict{U"", true};
  EXPECT_TRUE(Glob("{a,{b,c}}x\\\\", strict).matches("cx\\"));
  try {
    Glob("{a,b", strict);
    FAIL() << "no error for an unclosed '{'";
  } catch (const GlobError& e) {
    EXPECT_EQ(std::string(e.what()), "invalid glob \"{a,b\": missing '}'");
  }
  try {
    Glob("abc\\", strict);
    FAIL() << "no error for a trailing backslash";
  } catch (const GlobError& e) {
    EXPECT_EQ(std::string(e.what()), "invalid glob \"abc\\\\\": trailing '\\' escapes nothing");
  }
}

TEST(Glob, RangeEdgeWhereRightBracketIsTheHighEnd) {
  // "[a-]]" is the range 'a'..']', reversed (']' < 'a'): gobwas rejects it.
  EXPECT_THROW(Glob("[a-]]"), GlobError);
}

struct ErrorCase {
  std::string pattern;
  std::string message;
};

class GlobErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(GlobErrors, NameTheProblem) {
  const ErrorCase& c = GetParam();
  try {
    Glob glob(c.pattern);
    FAIL() << "no error for " << c.pattern;
  } catch (const GlobError& e) {
    EXPECT_EQ(std::string(e.what()), c.message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, GlobErrors,
    ::testing::Values(
        ErrorCase{"prod-[", "invalid glob \"prod-[\": missing ']'"},
        ErrorCase{"prod-[ab", "invalid glob \"prod-[ab\": missing ']'"},
        ErrorCase{"[a-", "invalid glob \"[a-\": missing ']'"},
        ErrorCase{"[!", "invalid glob \"[!\": missing ']'"},
        ErrorCase{"x[]", "invalid glob \"x[]\": empty character class"},
        ErrorCase{"[!]", "invalid glob \"[!]\": empty character class"},
        ErrorCase{"[a-z0-9]",
                  "invalid glob \"[a-z0-9]\": a character class holds one range or a list of characters, not both: "
                  "expected ']' after \"a-z\""},
        ErrorCase{"[z-a]", "invalid glob \"[z-a]\": range \"z-a\" is reversed"},
        ErrorCase{"ns-\xFF", "invalid glob \"ns-\\xff\": not valid UTF-8"}));

TEST(Glob, LiteralPatterns) {
  EXPECT_TRUE(Glob("kube-system").is_literal());
  EXPECT_TRUE(Glob("").is_literal());
  EXPECT_TRUE(Glob("a\\*b").is_literal());  // escaped: matches only "a*b"
  EXPECT_FALSE(Glob("a*").is_literal());
  EXPECT_FALSE(Glob("a?").is_literal());
  EXPECT_FALSE(Glob("[ab]").is_literal());
  EXPECT_FALSE(Glob("{a}").is_literal());
  EXPECT_EQ(Glob("prod-*").pattern(), "prod-*");
}

TEST(Glob, CopiesShareTheCompiledPattern) {
  Glob a("team-[0-9]*");
  Glob b = a;
  EXPECT_TRUE(b.matches("team-1-x"));
  EXPECT_FALSE(b.matches("team-x"));
}

}  // namespace
}  // namespace coffer::backup
