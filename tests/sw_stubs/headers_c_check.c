/* Compile check: the stub Windows headers are valid C99 on their own. */
#include "win/ndis_io_space.h"
#include "win/ndis_sriov.h"
#include "win/ntdef_stub.h"
#include "win/pcivirt.h"
#include "win/wdf_query_stub.h"
#include "win/wdm_io_space.h"
#include "win/wdm_virtualization.h"

typedef char check_ulong_is_32_bits[sizeof(ULONG) == 4 ? 1 : -1];
typedef char check_status_negative[STATUS_INVALID_PARAMETER < 0 ? 1 : -1];
typedef char
    check_params_size[NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1 == 20 ? 1 : -1];

int sriov_sw_stubs_headers_c_check(void);
int sriov_sw_stubs_headers_c_check(void) {
    return (int)sizeof(PCI_VIRTUALIZATION_INTERFACE);
}
