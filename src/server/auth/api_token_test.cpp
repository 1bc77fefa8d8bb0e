#include "server/auth/api_token.h"

#include <gtest/gtest.h>

#include <set>

namespace coffer::auth {

TEST(ApiToken, IssueProducesParsableToken) {
  IssuedToken t = issue_token();
  EXPECT_EQ(t.id.size(), 12u);
  EXPECT_EQ(t.secret.size(), 43u);
  EXPECT_EQ(t.display, "coffer_" + t.id + "_" + t.secret);
  EXPECT_EQ(t.display.size(), kTokenLength);
  auto parsed = parse_token(t.display);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->id, t.id);
  EXPECT_EQ(parsed->secret, t.secret);
  EXPECT_TRUE(token_matches(parsed->secret, token_digest(t.secret)));
}

TEST(ApiToken, TokensAreUnique) {
  std::set<std::string> ids, secrets;
  for (int i = 0; i < 200; ++i) {
    IssuedToken t = issue_token();
    ids.insert(t.id);
    secrets.insert(t.secret);
    ASSERT_TRUE(parse_token(t.display)) << t.display;  // also covers secrets containing '_' / '-'
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(secrets.size(), 200u);
}

TEST(ApiToken, DigestIsSha256HexAndDiffersPerSecret) {
  EXPECT_EQ(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  IssuedToken a = issue_token(), b = issue_token();
  EXPECT_NE(token_digest(a.secret), token_digest(b.secret));
  EXPECT_EQ(token_digest(a.secret), token_digest(a.secret));
  EXPECT_EQ(token_digest(a.secret).size(), 64u);
  EXPECT_EQ(token_digest(a.secret).find(a.secret), std::string::npos);
}

TEST(ApiToken, MatchesOnlyTheRightSecret) {
  IssuedToken a = issue_token(), b = issue_token();
  std::string stored = token_digest(a.secret);
  EXPECT_TRUE(token_matches(a.secret, stored));
  EXPECT_FALSE(token_matches(b.secret, stored));
  EXPECT_FALSE(token_matches(a.secret.substr(1), stored));
  EXPECT_FALSE(token_matches("", stored));
  EXPECT_FALSE(token_matches(a.secret, ""));
  EXPECT_FALSE(token_matches(a.secret, stored.substr(1)));
  EXPECT_FALSE(token_matches(a.secret, stored + "0"));
  EXPECT_FALSE(token_matches(a.secret, a.secret));  // a plaintext secret is not a digest
}

TEST(ApiToken, ParseRejectsMalformed) {
  const std::string id = "bcdfghjk2456";
  const std::string secret = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";  // 32 zero bytes
  ASSERT_TRUE(parse_token("coffer_" + id + "_" + secret));
  std::vector<std::string> bad = {
      "",
      "coffer_",
      "coffer__",
      "Coffer_" + id + "_" + secret,                 // wrong prefix (case)
      "cofer_" + id + "_" + secret + "x",            // wrong prefix, same length
      "kopfer_" + id + "_" + secret,                 // wrong prefix
      "coffer-" + id + "_" + secret,                 // wrong prefix separator
      "coffer_" + id + "-" + secret,                 // wrong id/secret separator
      "coffer_" + id + secret + "A",                 // missing separator
      "coffer_" + id.substr(1) + "_" + secret + "A", // id too short
      "coffer_" + id + "b_" + secret.substr(1),      // id too long
      "coffer_" + id + "_" + secret.substr(1),       // secret too short
      "coffer_" + id + "_" + secret + "A",           // secret too long
      "coffer__" + id + "_" + secret.substr(1),      // extra underscore after prefix
      "coffer_bcdfgh_jk245_" + secret,               // underscore inside id
      "coffer_BCDFGHJK2456_" + secret,               // upper-case id
      "coffer_" + id + "_" + secret.substr(0, 42) + "=",   // padding
      "coffer_" + id + "_" + secret.substr(0, 42) + "+",   // standard, not URL-safe, alphabet
      "coffer_" + id + "_" + secret.substr(0, 42) + "B",   // non-canonical trailing bits
      " coffer_" + id + "_" + secret.substr(1),      // whitespace
      "coffer_" + id + "_" + secret.substr(0, 42) + "\n",
      "Bearer coffer_" + id + "_" + secret,
      std::string("coffer_") + id + "_" + secret.substr(0, 42) + '\0',
  };
  for (const auto& t : bad) EXPECT_EQ(parse_token(t), std::nullopt) << t;
}

TEST(ApiToken, SecretMayContainUnderscores) {
  const std::string id = "bcdfghjk2456";
  const std::string secret = "___________________________________________";  // 43 x '_' = 0xff.. bytes
  ASSERT_EQ(secret.size(), 43u);
  // 43 '_' decode to 32 bytes of 0xff plus 2 non-zero trailing bits: not canonical.
  EXPECT_EQ(parse_token("coffer_" + id + "_" + secret), std::nullopt);
  std::string canonical = secret.substr(0, 42) + "w";  // 'w' = 48: trailing bits zero
  auto parsed = parse_token("coffer_" + id + "_" + canonical);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->id, id);
  EXPECT_EQ(parsed->secret, canonical);
  // "coffer_<id>__AAA..." is well-formed: the secret itself starts with '_'.
  parsed = parse_token("coffer_" + id + "__" + std::string(42, 'A'));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->secret, "_" + std::string(42, 'A'));
}

}  // namespace coffer::auth
