// The GUID objects and WdfFdoQueryForInterface of the stub Windows headers.
#include "sriov/sw_stubs/interface_provider.h"
#include "win/pcivirt.h"
#include "win/wdm_virtualization.h"

extern "C" {
// {64897B47-3A4A-4D75-BC74-89DD6C078293} as in the WDK's wdm.h GUID list.
const GUID GUID_PCI_VIRTUALIZATION_INTERFACE = {
    0x64897b47, 0x3a4a, 0x4d75, {0xbc, 0x74, 0x89, 0xdd, 0x6c, 0x07, 0x82, 0x93}};
// {937EE9B6-0ED3-411C-982B-1F564AFBABD3} as in the WDK's pcivirt.h.
const GUID GUID_SRIOV_DEVICE_INTERFACE_STANDARD = {
    0x937ee9b6, 0x0ed3, 0x411c, {0x98, 0x2b, 0x1f, 0x56, 0x4a, 0xfb, 0xab, 0xd3}};

NTSTATUS WdfFdoQueryForInterface(WDFDEVICE fdo, LPCGUID type, PINTERFACE iface, USHORT size,
                                 USHORT version, PVOID /*interface_specific_data*/) {
    if (auto* provider = sriov::sw_stubs::interface_provider::find(fdo)) {
        return provider->query_interface(type, iface, size, version);
    }
    return STATUS_INVALID_PARAMETER;
}
}
