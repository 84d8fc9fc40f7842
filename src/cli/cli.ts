console.log('lyrics: placeholder');
