// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kAuthenticationV1Fields[] = {
    {"authentication.v1.AttestationValue", 1, "items", String, kRepeated},

    {"authentication.v1.BoundObjectReference", 1, "kind", String},
    {"authentication.v1.BoundObjectReference", 2, "apiVersion", String},
    {"authentication.v1.BoundObjectReference", 3, "name", String},
    {"authentication.v1.BoundObjectReference", 4, "uid", String},

    {"authentication.v1.ExtraValue", 1, "items", String, kRepeated},

    {"authentication.v1.SelfSubjectReview", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authentication.v1.SelfSubjectReview", 2, "status", Message, 0, "authentication.v1.SelfSubjectReviewStatus"},

    {"authentication.v1.SelfSubjectReviewStatus", 1, "userInfo", Message, 0, "authentication.v1.UserInfo"},

    {"authentication.v1.TokenRequest", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authentication.v1.TokenRequest", 2, "spec", Message, kAlways, "authentication.v1.TokenRequestSpec"},
    {"authentication.v1.TokenRequest", 3, "status", Message, 0, "authentication.v1.TokenRequestStatus"},

    {"authentication.v1.TokenRequestSpec", 1, "audiences", String, kRepeated | kAlways},
    {"authentication.v1.TokenRequestSpec", 4, "expirationSeconds", Int64, kPointer | kAlways},
    {"authentication.v1.TokenRequestSpec", 3, "boundObjectRef", Message, kPointer | kAlways, "authentication.v1.BoundObjectReference"},
    {"authentication.v1.TokenRequestSpec", 5, "attestations", Map, 0, "authentication.v1.AttestationValue"},

    {"authentication.v1.TokenRequestStatus", 1, "token", String, kAlways},
    {"authentication.v1.TokenRequestStatus", 2, "expirationTimestamp", Time, kAlways},

    {"authentication.v1.TokenReview", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authentication.v1.TokenReview", 2, "spec", Message, kAlways, "authentication.v1.TokenReviewSpec"},
    {"authentication.v1.TokenReview", 3, "status", Message, 0, "authentication.v1.TokenReviewStatus"},

    {"authentication.v1.TokenReviewSpec", 1, "token", String},
    {"authentication.v1.TokenReviewSpec", 2, "audiences", String, kRepeated},

    {"authentication.v1.TokenReviewStatus", 1, "authenticated", Bool},
    {"authentication.v1.TokenReviewStatus", 2, "user", Message, 0, "authentication.v1.UserInfo"},
    {"authentication.v1.TokenReviewStatus", 4, "audiences", String, kRepeated},
    {"authentication.v1.TokenReviewStatus", 3, "error", String},

    {"authentication.v1.UserInfo", 1, "username", String},
    {"authentication.v1.UserInfo", 2, "uid", String},
    {"authentication.v1.UserInfo", 3, "groups", String, kRepeated},
    {"authentication.v1.UserInfo", 4, "extra", Map, 0, "authentication.v1.ExtraValue"},
    {},  // end
};

const FieldRow kAuthorizationV1Fields[] = {
    {"authorization.v1.ExtraValue", 1, "items", String, kRepeated},

    {"authorization.v1.FieldSelectorAttributes", 1, "rawSelector", String},
    {"authorization.v1.FieldSelectorAttributes", 2, "requirements", Message, kRepeated, "meta.v1.FieldSelectorRequirement"},

    {"authorization.v1.LabelSelectorAttributes", 1, "rawSelector", String},
    {"authorization.v1.LabelSelectorAttributes", 2, "requirements", Message, kRepeated, "meta.v1.LabelSelectorRequirement"},

    {"authorization.v1.LocalSubjectAccessReview", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authorization.v1.LocalSubjectAccessReview", 2, "spec", Message, kAlways, "authorization.v1.SubjectAccessReviewSpec"},
    {"authorization.v1.LocalSubjectAccessReview", 3, "status", Message, 0, "authorization.v1.SubjectAccessReviewStatus"},

    {"authorization.v1.NonResourceAttributes", 1, "path", String},
    {"authorization.v1.NonResourceAttributes", 2, "verb", String},

    {"authorization.v1.NonResourceRule", 1, "verbs", String, kRepeated | kAlways},
    {"authorization.v1.NonResourceRule", 2, "nonResourceURLs", String, kRepeated},

    {"authorization.v1.ResourceAttributes", 1, "namespace", String},
    {"authorization.v1.ResourceAttributes", 2, "verb", String},
    {"authorization.v1.ResourceAttributes", 3, "group", String},
    {"authorization.v1.ResourceAttributes", 4, "version", String},
    {"authorization.v1.ResourceAttributes", 5, "resource", String},
    {"authorization.v1.ResourceAttributes", 6, "subresource", String},
    {"authorization.v1.ResourceAttributes", 7, "name", String},
    {"authorization.v1.ResourceAttributes", 8, "fieldSelector", Message, kPointer, "authorization.v1.FieldSelectorAttributes"},
    {"authorization.v1.ResourceAttributes", 9, "labelSelector", Message, kPointer, "authorization.v1.LabelSelectorAttributes"},

    {"authorization.v1.ResourceRule", 1, "verbs", String, kRepeated | kAlways},
    {"authorization.v1.ResourceRule", 2, "apiGroups", String, kRepeated},
    {"authorization.v1.ResourceRule", 3, "resources", String, kRepeated},
    {"authorization.v1.ResourceRule", 4, "resourceNames", String, kRepeated},

    {"authorization.v1.SelfSubjectAccessReview", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authorization.v1.SelfSubjectAccessReview", 2, "spec", Message, kAlways, "authorization.v1.SelfSubjectAccessReviewSpec"},
    {"authorization.v1.SelfSubjectAccessReview", 3, "status", Message, 0, "authorization.v1.SubjectAccessReviewStatus"},

    {"authorization.v1.SelfSubjectAccessReviewSpec", 1, "resourceAttributes", Message, kPointer, "authorization.v1.ResourceAttributes"},
    {"authorization.v1.SelfSubjectAccessReviewSpec", 2, "nonResourceAttributes", Message, kPointer, "authorization.v1.NonResourceAttributes"},

    {"authorization.v1.SelfSubjectRulesReview", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authorization.v1.SelfSubjectRulesReview", 2, "spec", Message, kAlways, "authorization.v1.SelfSubjectRulesReviewSpec"},
    {"authorization.v1.SelfSubjectRulesReview", 3, "status", Message, 0, "authorization.v1.SubjectRulesReviewStatus"},

    {"authorization.v1.SelfSubjectRulesReviewSpec", 1, "namespace", String},

    {"authorization.v1.SubjectAccessReview", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"authorization.v1.SubjectAccessReview", 2, "spec", Message, kAlways, "authorization.v1.SubjectAccessReviewSpec"},
    {"authorization.v1.SubjectAccessReview", 3, "status", Message, 0, "authorization.v1.SubjectAccessReviewStatus"},

    {"authorization.v1.SubjectAccessReviewSpec", 1, "resourceAttributes", Message, kPointer, "authorization.v1.ResourceAttributes"},
    {"authorization.v1.SubjectAccessReviewSpec", 2, "nonResourceAttributes", Message, kPointer, "authorization.v1.NonResourceAttributes"},
    {"authorization.v1.SubjectAccessReviewSpec", 3, "user", String},
    {"authorization.v1.SubjectAccessReviewSpec", 4, "groups", String, kRepeated},
    {"authorization.v1.SubjectAccessReviewSpec", 5, "extra", Map, 0, "authorization.v1.ExtraValue"},
    {"authorization.v1.SubjectAccessReviewSpec", 6, "uid", String},

    {"authorization.v1.SubjectAccessReviewStatus", 1, "allowed", Bool, kAlways},
    {"authorization.v1.SubjectAccessReviewStatus", 4, "denied", Bool},
    {"authorization.v1.SubjectAccessReviewStatus", 2, "reason", String},
    {"authorization.v1.SubjectAccessReviewStatus", 3, "evaluationError", String},

    {"authorization.v1.SubjectRulesReviewStatus", 1, "resourceRules", Message, kRepeated | kAlways, "authorization.v1.ResourceRule"},
    {"authorization.v1.SubjectRulesReviewStatus", 2, "nonResourceRules", Message, kRepeated | kAlways, "authorization.v1.NonResourceRule"},
    {"authorization.v1.SubjectRulesReviewStatus", 3, "incomplete", Bool, kAlways},
    {"authorization.v1.SubjectRulesReviewStatus", 4, "evaluationError", String},
    {},  // end
};

}  // namespace coffer::kube::pb
