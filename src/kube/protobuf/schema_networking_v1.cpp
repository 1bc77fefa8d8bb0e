// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kNetworkingV1Fields[] = {
    {"networking.v1.HTTPIngressPath", 1, "path", String},
    {"networking.v1.HTTPIngressPath", 3, "pathType", String, kPointer | kAlways},
    {"networking.v1.HTTPIngressPath", 2, "backend", Message, kAlways, "networking.v1.IngressBackend"},

    {"networking.v1.HTTPIngressRuleValue", 1, "paths", Message, kRepeated | kAlways, "networking.v1.HTTPIngressPath"},

    {"networking.v1.IPAddress", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"networking.v1.IPAddress", 2, "spec", Message, 0, "networking.v1.IPAddressSpec"},

    {"networking.v1.IPAddressList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"networking.v1.IPAddressList", 2, "items", Message, kRepeated | kAlways, "networking.v1.IPAddress"},

    {"networking.v1.IPAddressSpec", 1, "parentRef", Message, kPointer, "networking.v1.ParentReference"},

    {"networking.v1.IPBlock", 1, "cidr", String, kAlways},
    {"networking.v1.IPBlock", 2, "except", String, kRepeated},

    {"networking.v1.Ingress", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"networking.v1.Ingress", 2, "spec", Message, 0, "networking.v1.IngressSpec"},
    {"networking.v1.Ingress", 3, "status", Message, 0, "networking.v1.IngressStatus"},

    {"networking.v1.IngressBackend", 4, "service", Message, kPointer, "networking.v1.IngressServiceBackend"},
    {"networking.v1.IngressBackend", 3, "resource", Message, kPointer, "core.v1.TypedLocalObjectReference"},

    {"networking.v1.IngressClass", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"networking.v1.IngressClass", 2, "spec", Message, 0, "networking.v1.IngressClassSpec"},

    {"networking.v1.IngressClassList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"networking.v1.IngressClassList", 2, "items", Message, kRepeated | kAlways, "networking.v1.IngressClass"},

    {"networking.v1.IngressClassParametersReference", 1, "apiGroup", String, kPointer},
    {"networking.v1.IngressClassParametersReference", 2, "kind", String, kAlways},
    {"networking.v1.IngressClassParametersReference", 3, "name", String, kAlways},
    {"networking.v1.IngressClassParametersReference", 4, "scope", String, kPointer | kAlways},
    {"networking.v1.IngressClassParametersReference", 5, "namespace", String, kPointer},

    {"networking.v1.IngressClassSpec", 1, "controller", String},
    {"networking.v1.IngressClassSpec", 2, "parameters", Message, kPointer, "networking.v1.IngressClassParametersReference"},

    {"networking.v1.IngressList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"networking.v1.IngressList", 2, "items", Message, kRepeated | kAlways, "networking.v1.Ingress"},

    {"networking.v1.IngressLoadBalancerIngress", 1, "ip", String},
    {"networking.v1.IngressLoadBalancerIngress", 2, "hostname", String},
    {"networking.v1.IngressLoadBalancerIngress", 4, "ports", Message, kRepeated, "networking.v1.IngressPortStatus"},

    {"networking.v1.IngressLoadBalancerStatus", 1, "ingress", Message, kRepeated, "networking.v1.IngressLoadBalancerIngress"},

    {"networking.v1.IngressPortStatus", 1, "port", Int32, kAlways},
    {"networking.v1.IngressPortStatus", 2, "protocol", String, kAlways},
    {"networking.v1.IngressPortStatus", 3, "error", String, kPointer},

    {"networking.v1.IngressRule", 1, "host", String},
    {"networking.v1.IngressRule", 2, "", Message, kInline, "networking.v1.IngressRuleValue"},

    {"networking.v1.IngressRuleValue", 1, "http", Message, kPointer, "networking.v1.HTTPIngressRuleValue"},

    {"networking.v1.IngressServiceBackend", 1, "name", String, kAlways},
    {"networking.v1.IngressServiceBackend", 2, "port", Message, 0, "networking.v1.ServiceBackendPort"},

    {"networking.v1.IngressSpec", 4, "ingressClassName", String, kPointer},
    {"networking.v1.IngressSpec", 1, "defaultBackend", Message, kPointer, "networking.v1.IngressBackend"},
    {"networking.v1.IngressSpec", 2, "tls", Message, kRepeated, "networking.v1.IngressTLS"},
    {"networking.v1.IngressSpec", 3, "rules", Message, kRepeated, "networking.v1.IngressRule"},

    {"networking.v1.IngressStatus", 1, "loadBalancer", Message, 0, "networking.v1.IngressLoadBalancerStatus"},

    {"networking.v1.IngressTLS", 1, "hosts", String, kRepeated},
    {"networking.v1.IngressTLS", 2, "secretName", String},

    {"networking.v1.NetworkPolicy", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"networking.v1.NetworkPolicy", 2, "spec", Message, 0, "networking.v1.NetworkPolicySpec"},

    {"networking.v1.NetworkPolicyEgressRule", 1, "ports", Message, kRepeated, "networking.v1.NetworkPolicyPort"},
    {"networking.v1.NetworkPolicyEgressRule", 2, "to", Message, kRepeated, "networking.v1.NetworkPolicyPeer"},

    {"networking.v1.NetworkPolicyIngressRule", 1, "ports", Message, kRepeated, "networking.v1.NetworkPolicyPort"},
    {"networking.v1.NetworkPolicyIngressRule", 2, "from", Message, kRepeated, "networking.v1.NetworkPolicyPeer"},

    {"networking.v1.NetworkPolicyList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"networking.v1.NetworkPolicyList", 2, "items", Message, kRepeated | kAlways, "networking.v1.NetworkPolicy"},

    {"networking.v1.NetworkPolicyPeer", 1, "podSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"networking.v1.NetworkPolicyPeer", 2, "namespaceSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"networking.v1.NetworkPolicyPeer", 3, "ipBlock", Message, kPointer, "networking.v1.IPBlock"},

    {"networking.v1.NetworkPolicyPort", 1, "protocol", String, kPointer},
    {"networking.v1.NetworkPolicyPort", 2, "port", IntOrString, kPointer},
    {"networking.v1.NetworkPolicyPort", 3, "endPort", Int32, kPointer},

    {"networking.v1.NetworkPolicySpec", 1, "podSelector", Message, kAlways, "meta.v1.LabelSelector"},
    {"networking.v1.NetworkPolicySpec", 2, "ingress", Message, kRepeated, "networking.v1.NetworkPolicyIngressRule"},
    {"networking.v1.NetworkPolicySpec", 3, "egress", Message, kRepeated, "networking.v1.NetworkPolicyEgressRule"},
    {"networking.v1.NetworkPolicySpec", 4, "policyTypes", String, kRepeated},

    {"networking.v1.ParentReference", 1, "group", String},
    {"networking.v1.ParentReference", 2, "resource", String},
    {"networking.v1.ParentReference", 3, "namespace", String},
    {"networking.v1.ParentReference", 4, "name", String},

    {"networking.v1.ServiceBackendPort", 1, "name", String},
    {"networking.v1.ServiceBackendPort", 2, "number", Int32},

    {"networking.v1.ServiceCIDR", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"networking.v1.ServiceCIDR", 2, "spec", Message, 0, "networking.v1.ServiceCIDRSpec"},
    {"networking.v1.ServiceCIDR", 3, "status", Message, 0, "networking.v1.ServiceCIDRStatus"},

    {"networking.v1.ServiceCIDRList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"networking.v1.ServiceCIDRList", 2, "items", Message, kRepeated | kAlways, "networking.v1.ServiceCIDR"},

    {"networking.v1.ServiceCIDRSpec", 1, "cidrs", String, kRepeated},

    {"networking.v1.ServiceCIDRStatus", 1, "conditions", Message, kRepeated, "meta.v1.Condition"},
    {},  // end
};

}  // namespace coffer::kube::pb
