; abicheck.asm - offsets of struc modhdr in header order (see abicheck.c).
%include "module_abi.inc"
    dw modhdr.magic, modhdr.abi_version, modhdr.hdr_size, modhdr.name
    dw modhdr.mod_version, modhdr.min_cpu, modhdr.flags, modhdr.image_bytes
    dw modhdr.resident_paras, modhdr.total_paras, modhdr.cold_off
    dw modhdr.init_off, modhdr.unload_off, modhdr.api_off, modhdr.api_count
    dw modhdr.api_version, modhdr.checksum, modhdr.stack_bytes
    dw modhdr.reserved
    dw modhdr_size
