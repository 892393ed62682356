# accept: pxb-pcie numa_node=1 with two NUMA nodes
qemu-system-x86_64 \
  -M q35 \
  -m 256M \
  -object memory-backend-ram,id=m0,size=128M \
  -object memory-backend-ram,id=m1,size=128M \
  -numa node,nodeid=0,memdev=m0 \
  -numa node,nodeid=1,memdev=m1 \
  -device intel-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,numa_node=1 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
