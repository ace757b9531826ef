// Demo accounts of the dev IdP. Development only: plain-text passwords on purpose.
//
// `sub` differs from the username so that an RP mixing up the two shows it.
// `local` collides with the reference host's local account of the same name: it proves that
// an IdP login does not take over an existing local account unless linking is configured.

export const USERS = Object.freeze([
  {
    sub: 'alice-sub',
    username: 'alice',
    password: 'alice',
    givenName: 'Alice',
    familyName: 'Anderson',
    email: 'alice@example.com',
    emailVerified: true,
    groups: ['jira-users', 'engineering'],
  },
  {
    sub: 'bob-sub',
    username: 'bob',
    password: 'bob',
    givenName: 'Bob',
    familyName: 'Brown',
    email: 'bob@example.com',
    emailVerified: true,
    groups: ['jira-users'],
  },
  {
    sub: 'carol-sub',
    username: 'carol',
    password: 'carol',
    givenName: 'Carol',
    familyName: 'Clark',
    email: 'carol@example.com',
    emailVerified: false,
    groups: ['design'],
  },
  {
    sub: 'local-sub',
    username: 'local',
    password: 'local',
    givenName: 'Lena',
    familyName: 'Local',
    email: 'lena.local@example.com',
    emailVerified: true,
    groups: ['jira-users'],
  },
]);

export function findUserBySub(sub) {
  return USERS.find((user) => user.sub === sub);
}

export function findUserByUsername(username) {
  return USERS.find((user) => user.username === username);
}

/** Claims per OIDC Core 5.1; oidc-provider filters them by the granted scopes and claims. */
export function claimsOf(user) {
  return {
    sub: user.sub,
    name: `${user.givenName} ${user.familyName}`,
    preferred_username: user.username,
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email,
    email_verified: user.emailVerified,
    groups: [...user.groups],
  };
}
