// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kCoordinationV1Fields[] = {
    {"coordination.v1.Lease", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"coordination.v1.Lease", 2, "spec", Message, 0, "coordination.v1.LeaseSpec"},

    {"coordination.v1.LeaseList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"coordination.v1.LeaseList", 2, "items", Message, kRepeated | kAlways, "coordination.v1.Lease"},

    {"coordination.v1.LeaseSpec", 1, "holderIdentity", String, kPointer},
    {"coordination.v1.LeaseSpec", 2, "leaseDurationSeconds", Int32, kPointer},
    {"coordination.v1.LeaseSpec", 3, "acquireTime", MicroTime, kPointer},
    {"coordination.v1.LeaseSpec", 4, "renewTime", MicroTime, kPointer},
    {"coordination.v1.LeaseSpec", 5, "leaseTransitions", Int32, kPointer},
    {"coordination.v1.LeaseSpec", 6, "strategy", String, kPointer},
    {"coordination.v1.LeaseSpec", 7, "preferredHolder", String, kPointer},
    {},  // end
};

}  // namespace coffer::kube::pb
