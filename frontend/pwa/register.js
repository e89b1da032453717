if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').then((registration) => {
    const offer = (worker) => {
      if (!navigator.serviceWorker.controller || document.getElementById('update-ready')) return;
      const button = document.createElement('button');
      button.id = 'update-ready';
      button.className = 'update-ready';
      button.type = 'button';
      button.textContent = '新版本已就绪，点此更新 · Update ready: reload';
      button.addEventListener('click', () => worker.postMessage('skip-waiting'));
      document.body.appendChild(button);
    };
    if (registration.waiting) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (document.getElementById('update-ready') && !reloading) {
        reloading = true;
        location.reload();
      }
    });
  }).catch(() => {});
}

// Asks the service worker to keep `urls` for offline use (see sw.js);
// resolves to the bytes kept. The app calls it to save a course.
window.cultivatorOffline = (message) => new Promise((resolve, reject) => {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!worker) { reject(new Error('no service worker')); return; }
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    if (event.data.failed) reject(new Error(event.data.failed)); else resolve(event.data);
  };
  worker.postMessage(message, [channel.port2]);
});
