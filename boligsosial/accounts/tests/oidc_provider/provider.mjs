// A real OpenID Connect provider for the test suite: panva/node-oidc-provider (OpenID Certified),
// on 127.0.0.1 only. Its development login form accepts any user name; the account's `sub` is
// that name. Every account also claims role "husbanken_admin" and a municipality, which
// Boligsosial must ignore (roles are the administrator's assignment).
//   ISSUER=http://127.0.0.1:PORT PORT=… REDIRECT_URI=… CLIENT_ID=… CLIENT_SECRET=… node provider.mjs
import Provider from "oidc-provider";

const { ISSUER, PORT, REDIRECT_URI, CLIENT_ID, CLIENT_SECRET } = process.env;

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
    },
  ],
  claims: { openid: ["sub"], profile: ["name", "role", "municipality"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `Testperson ${id}`, role: "husbanken_admin", municipality: "0301" };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["boligsosial-test-only-cookie-key"] },
  pkce: { required: () => true },
});
provider.proxy = false;

provider.listen(Number(PORT), "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${ISSUER}`);
});
