# accept: aw-bits=48: DMAR host address width 47 on both versions
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu,aw-bits=48 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
