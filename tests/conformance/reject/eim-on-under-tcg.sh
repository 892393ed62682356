# reject: eim=on (with intremap=on, kernel-irqchip=split) under TCG: 7.2 refuses ("eim=on requires accel=kvm,kernel-irqchip=split"), 10.0 accepts
# expect-10.0: accept
qemu-system-x86_64 \
  -M q35,kernel-irqchip=split \
  -device intel-iommu,intremap=on,eim=on
