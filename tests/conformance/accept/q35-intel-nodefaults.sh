# accept: -nodefaults: no VGA and no NIC; LPC/AHCI/SMBus stay
qemu-system-x86_64 \
  -M q35 \
  -nodefaults \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
