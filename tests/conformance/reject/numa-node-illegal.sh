# reject: pxb-pcie numa_node without that NUMA node
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,numa_node=1
